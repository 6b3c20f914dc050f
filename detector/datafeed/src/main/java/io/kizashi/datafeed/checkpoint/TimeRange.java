package io.kizashi.datafeed.checkpoint;

import java.time.Instant;
import java.util.Objects;

/** A half-open time range [from, to). */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
        }
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
