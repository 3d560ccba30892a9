package dev.hanlm.eval;

/** A problem with an evaluation's input (a task file, a data file, a flag) that the user can fix; the message names it. */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
