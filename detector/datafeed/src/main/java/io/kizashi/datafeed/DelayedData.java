package io.kizashi.datafeed;

import java.time.Instant;

/**
 * A bucket that received documents after it was pulled (late ingest): its job-wide document count when
 * it was handed on, and now. Like Elastic's delayed-data annotation.
 */
public record DelayedData(Instant bucket, long countBefore, long countAfter) {

    public DelayedData {
        if (countAfter <= countBefore) {
            throw new IllegalArgumentException("delayed data means the count grew, got " + countBefore + " -> " + countAfter);
        }
    }

    public long missed() {
        return countAfter - countBefore;
    }

    /** Annotation text for result indices and dashboards. */
    public String annotation() {
        return "Datafeed missed " + missed() + " document" + (missed() == 1 ? "" : "s") + " of bucket " + bucket
            + " due to ingest latency (" + countBefore + " pulled, " + countAfter + " now); consider a longer query_delay";
    }
}
