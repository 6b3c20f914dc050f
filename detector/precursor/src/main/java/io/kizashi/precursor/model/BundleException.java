package io.kizashi.precursor.model;

/** A model bundle that cannot be used: missing or damaged files, a schema this build does not compute, an unsafe model class. */
public final class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
