package io.kizashi.alerting.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One series (or job) of an alert's group.
 *
 * @param id       the series' canonical text, or the job id for health rules
 * @param lastSeen bucket of the last observation
 * @param hits     the N-of-M window, oldest first: '1' for a bucket where the condition held, '0' otherwise
 * @param active   whether the member's condition held at its last observation (N of the last M)
 * @param evidence the member's latest evidence, or null
 */
public record MemberState(String id, Instant lastSeen, String hits, boolean active, Evidence evidence) {
    public MemberState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(hits, "hits");
        if (!hits.matches("[01]*")) {
            throw new IllegalArgumentException("hits is a string of 0 and 1, got '" + hits + "'");
        }
    }
}
