package dev.hanlm.train;

/** An error a user can cause while preparing data or training (a bad config, missing data, a checkpoint of another shape): one sentence for them. */
public class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
