package io.kizashi.evaluation;

import java.time.Instant;
import java.util.Objects;

/** A labelled anomaly window, both ends inclusive and equal to timestamps of rows in its data file. */
public record Window(Instant start, Instant end) {

    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("window end " + end + " is before its start " + start
                    + "; write windows as [start, end]");
        }
    }

    /** Whether {@code t} lies inside the window (ends included). */
    public boolean contains(Instant t) {
        return t != null && !t.isBefore(start) && !t.isAfter(end);
    }
}
