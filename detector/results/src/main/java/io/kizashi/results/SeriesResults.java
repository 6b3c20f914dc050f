package io.kizashi.results;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;

import java.util.List;
import java.util.Objects;

/**
 * The scored buckets of one series in one cycle, in time order.
 *
 * @param precursor precursor probability per bucket (same length as results), or null when no precursor model ran
 * @param seasonality the rhythm the baseline used ("none", "daily", "weekly")
 */
public record SeriesResults(SeriesKey key, List<BucketResult> results, double[] precursor, String seasonality) {
    public SeriesResults {
        Objects.requireNonNull(key, "key");
        results = List.copyOf(results);
        if (precursor != null && precursor.length != results.size()) {
            throw new IllegalArgumentException("precursor probabilities (" + precursor.length + ") do not match the buckets ("
                    + results.size() + ") of " + key);
        }
    }
}
