package io.kizashi.evaluation;

/** A corpus or results directory that cannot be read as asked; the message names the path and the fix. */
public final class CorpusFormatException extends RuntimeException {

    public CorpusFormatException(String message) {
        super(message);
    }

    public CorpusFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
