package dev.hanlm.cli;

import picocli.CommandLine.Command;

@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train and measure morpheme-aware byte-level BPE tokenizers.",
        subcommands = {TokenizerTrainCommand.class, TokenizerStatsCommand.class})
final class TokenizerCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
