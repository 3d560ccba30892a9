package dev.hanlm.cli;

import picocli.CommandLine.Command;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Prepare training data: clean a corpus and tokenize it into shards.",
        subcommands = {DataPrepareCommand.class})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
