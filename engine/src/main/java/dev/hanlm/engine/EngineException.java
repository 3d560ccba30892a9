package dev.hanlm.engine;

/** An error a user can cause (a bad model directory, file or request): its message is one sentence meant for them. */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
