package dev.hanlm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true, description = "Look at model directories.",
        subcommands = {ModelsInspectCommand.class})
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
