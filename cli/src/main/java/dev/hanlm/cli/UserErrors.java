package dev.hanlm.cli;

import dev.hanlm.engine.EngineException;
import dev.hanlm.eval.EvalException;
import dev.hanlm.studio.store.DatabaseException;
import dev.hanlm.tokenizer.TokenizerException;
import dev.hanlm.train.TrainingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns what goes wrong during a command into one line on stderr and a non-zero exit: a user's
 * mistake gets its message, anything else a short note. Stack traces only with HANLM_DEBUG=1.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 70;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (System.getenv("HANLM_DEBUG") != null) e.printStackTrace();
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message = switch (cause) {
            case TokenizerException t -> t.getMessage();
            case EngineException m -> m.getMessage();
            case TrainingException t -> t.getMessage();
            case EvalException v -> v.getMessage();
            case DatabaseException d -> d.getMessage();
            case CommandLine.ParameterException p -> p.getMessage();
            case NoSuchFileException n -> n.getFile() + " does not exist";
            case IOException io -> "I/O error: " + io.getMessage();
            default -> null;
        };
        if (message != null) {
            cli.getErr().println("hanlm: " + message);
            return USER_ERROR;
        }
        cli.getErr().println("hanlm: internal error (" + cause + "); run with HANLM_DEBUG=1 for details and please report it");
        return INTERNAL_ERROR;
    }
}
