package io.kizashi.es.embedded;

import java.nio.file.Path;

/**
 * The embedded node could not start or stop; {@link #reason()} is one line with the cause and the fix,
 * {@link #getMessage()} adds the last lines of the node's logs.
 */
public final class EmbeddedElasticsearchException extends RuntimeException {

    private final String reason;
    private final Path logFile;

    EmbeddedElasticsearchException(String reason, String details, Path logFile, Throwable cause) {
        super(details == null || details.isBlank() ? reason : reason + "\n" + details, cause);
        this.reason = reason;
        this.logFile = logFile;
    }

    /** One line: what failed and how to fix it. */
    public String reason() {
        return reason;
    }

    /** Elasticsearch's log file of the failed node, for the full story. */
    public Path logFile() {
        return logFile;
    }
}
