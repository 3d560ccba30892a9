package dev.hanlm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The hanlm command line: one picocli command per job. */
@Command(name = "hanlm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Korean language models in pure Java: tokenizer, engine, training, evaluation and Studio.",
        subcommands = {TokenizerCommand.class, TokenizeCommand.class, GenerateCommand.class, ScoreCommand.class, ChatCommand.class,
                ModelsCommand.class, DataCommand.class, TrainCommand.class, EvalCommand.class, PtuneCommand.class, ClassifierCommand.class, ServeCommand.class, StudioCommand.class, AppCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new UserErrors());
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hanlm " + (v == null ? "development build" : v), "Java " + Runtime.version()};
        }
    }
}
