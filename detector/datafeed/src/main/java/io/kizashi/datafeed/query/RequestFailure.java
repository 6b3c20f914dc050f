package io.kizashi.datafeed.query;

/** An Elasticsearch request that did not give a complete answer; {@link #transientFailure()} tells whether waiting may help. */
public final class RequestFailure extends Exception {

    private final boolean transientFailure;
    private final boolean tooManyBuckets;

    public RequestFailure(String message, boolean transientFailure, boolean tooManyBuckets, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.tooManyBuckets = tooManyBuckets;
    }

    /** Connection refused or reset, timeout, 429 or 5xx, shard failures: Elasticsearch may answer later. */
    public boolean transientFailure() {
        return transientFailure;
    }

    /** The answer would exceed search.max_buckets: ask for fewer buckets per request. */
    public boolean tooManyBuckets() {
        return tooManyBuckets;
    }
}
