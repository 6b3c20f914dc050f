package io.kizashi.results;

import java.util.Objects;

/**
 * The precursor model bundle behind a series' precursor probabilities: its id (name/version, stored with
 * every result so a chart or an alert can say which model spoke) and its alert threshold.
 *
 * @param id        e.g. {@code mdm-precursor/v1}
 * @param threshold the bundle's alert threshold on the probability, in (0, 1]
 */
public record PrecursorModel(String id, double threshold) {
    public PrecursorModel {
        Objects.requireNonNull(id, "id");
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
    }
}
