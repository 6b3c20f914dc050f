package io.kizashi.datafeed.query;

/** An Elasticsearch request that did not give a complete answer; {@link #transientFailure()} tells whether waiting may help. */
public final class RequestFailure extends Exception {

    private final boolean transientFailure;
    private final boolean tooLarge;

    public RequestFailure(String message, boolean transientFailure, boolean tooLarge, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.tooLarge = tooLarge;
    }

    /** Connection refused or reset, timeout, 429 or 5xx, shard failures: Elasticsearch may answer later. */
    public boolean transientFailure() {
        return transientFailure;
    }

    /**
     * The answer would be too big for the cluster (search.max_buckets, or a memory circuit breaker): ask
     * for fewer buckets per request.
     */
    public boolean tooLarge() {
        return tooLarge;
    }
}
