package io.kizashi.cli;

/** A failure caused by the user's input; the message alone must say what was wrong and how to fix it. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
