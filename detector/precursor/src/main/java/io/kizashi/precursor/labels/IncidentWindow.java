package io.kizashi.precursor.labels;

import java.time.Instant;
import java.util.Objects;

/**
 * One labelled incident of one entity.
 *
 * @param entity the entity it hit (as in {@code SeriesKey.entity()}, or a corpus file's name)
 * @param start  first bucket of the incident
 * @param end    last bucket of the incident (inclusive)
 * @param id     a stable id for reports
 */
public record IncidentWindow(String entity, Instant start, Instant end, String id) {
    public IncidentWindow {
        if (entity == null || entity.isBlank()) {
            throw new IllegalArgumentException("incident entity must not be empty");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("incident " + id + " of " + entity + " ends (" + end + ") before it starts (" + start + ")");
        }
        id = id == null || id.isBlank() ? entity + "@" + start : id;
    }

    /** True when t lies in [start, end]. */
    public boolean covers(Instant t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }
}
