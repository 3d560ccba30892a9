package dev.hanlm.tokenizer;

/** An error a user can cause (a bad file, a bad setting): its message is one sentence meant for them. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
