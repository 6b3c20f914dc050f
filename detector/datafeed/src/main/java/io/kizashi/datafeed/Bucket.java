package io.kizashi.datafeed;

import java.time.Instant;

/**
 * One bucket of one series.
 *
 * @param start    bucket start (UTC, aligned to the bucket span)
 * @param value    the metric's value; NaN when missing (no documents, or none with the field)
 * @param docCount documents the value was computed from (after the metric's filter; a ratio's denominator)
 */
public record Bucket(Instant start, double value, long docCount) {

    public boolean missing() {
        return Double.isNaN(value);
    }
}
