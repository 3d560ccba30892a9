package dev.hanlm.studio.store;

/**
 * The database cannot be opened: a URL of a kind hanlm does not keep its schema for, a server that cannot be reached or
 * refuses the login, or a migration that fails. Its message is one line for the operator.
 */
public final class DatabaseException extends RuntimeException {
    DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
