package dev.hanlm.cli;

import dev.hanlm.studio.RequestException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = {"The paper's three applications, on the bundled model, a local --model or a --remote server.", "See docs/APPS.md."},
        subcommands = {AppPersonaCommand.class, AppDataCommand.class, AppEventTitleCommand.class})
final class AppCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs an application's body, its input mistakes (a bad card, a prompt too long for the model) reported as usage errors. */
    static Integer userErrors(CommandLine cli, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (IllegalArgumentException | RequestException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }
}
