package io.kizashi.core.state;

/** A serialised state that cannot be read back: truncated, corrupted, or of an unknown version. */
public final class CorruptStateException extends RuntimeException {
    public CorruptStateException(String message) {
        super(message);
    }
}
