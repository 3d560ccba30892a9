package dev.hanlm.cli;

import picocli.CommandLine.Command;

@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = "Train and evaluate small text classifiers (the Studio's toxicity filter).",
        subcommands = {ClassifierTrainCommand.class, ClassifierEvalCommand.class})
final class ClassifierCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
