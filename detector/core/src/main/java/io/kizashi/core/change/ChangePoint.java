package io.kizashi.core.change;

import java.time.Instant;
import java.util.Objects;

/**
 * A confirmed change in a series.
 *
 * @param type      level shift or variance change
 * @param start     estimated first bucket of the new regime
 * @param confirmed bucket at which the change was confirmed (start + confirmation span at least)
 * @param before    level (or spread) before the change
 * @param after     level (or spread) after the change
 * @param magnitude size of the change in units of the spread before it (signed for level shifts,
 *                  a ratio of spreads for variance changes)
 */
public record ChangePoint(ChangeType type, Instant start, Instant confirmed, double before, double after, double magnitude) {
    public ChangePoint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(confirmed, "confirmed");
        if (start.isAfter(confirmed)) {
            throw new IllegalArgumentException("change start " + start + " is after its confirmation " + confirmed);
        }
    }

    /** +1 for an upward shift or a growing spread, -1 for the opposite. */
    public int sign() {
        return after >= before ? 1 : -1;
    }
}
