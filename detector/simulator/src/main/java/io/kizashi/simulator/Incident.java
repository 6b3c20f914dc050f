package io.kizashi.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Ground truth of one incident: what happened where, when its precursors began to show, and when
 * the incident itself started and ended. A detector that warns in [precursorOnset, start) warned early.
 *
 * @param id             stable id, e.g. {@code inc-20250310-1-db-pool-saturation}
 * @param kind           failure mode
 * @param services       affected services, the root cause first
 * @param precursorOnset when the first precursor began (latency creep, leak, backlog growth, rollout)
 * @param start          when the incident's symptoms (5xx bursts, restarts, timeouts) can begin
 * @param end            when the cause was removed (recovery takes a few minutes after)
 * @param description    one human sentence
 */
public record Incident(String id, IncidentKind kind, List<String> services, Instant precursorOnset, Instant start,
                       Instant end, String description) {

    /** After {@code end}, effects fade out linearly over this time. */
    public static final Duration RECOVERY = Duration.ofMinutes(5);

    public Incident {
        if (id == null || !id.matches("[a-z0-9][a-z0-9._-]{2,120}")) {
            throw new IllegalArgumentException("incident id must be lower-case letters, digits, '.', '_' or '-', got " + id);
        }
        Objects.requireNonNull(kind, "kind");
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("incident " + id + " affects no service");
        }
        Objects.requireNonNull(precursorOnset, "precursorOnset");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!precursorOnset.isBefore(start) || !start.isBefore(end)) {
            throw new IllegalArgumentException("incident " + id + " needs precursorOnset < start < end, got "
                + precursorOnset + ", " + start + ", " + end);
        }
        if (Duration.between(precursorOnset, end).compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException("incident " + id + " spans more than 12 h from precursor to end; split it");
        }
        description = description == null ? "" : description;
    }

    public String rootService() {
        return services.getFirst();
    }

    /** End of the last visible effect (end + recovery). */
    public Instant fadedOut() {
        return end.plus(RECOVERY);
    }

    boolean overlaps(long fromMs, long toMs) {
        return precursorOnset.toEpochMilli() < toMs && fadedOut().toEpochMilli() > fromMs;
    }
}
