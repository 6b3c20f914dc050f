package io.kizashi.results;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;

import java.util.List;
import java.util.Objects;

/**
 * The scored buckets of one series in one cycle, in time order.
 *
 * @param precursor      precursor probability per bucket (same length as results, NaN where none), or null when no
 *                       precursor model ran
 * @param precursorModel the bundle that produced {@code precursor}; null exactly when {@code precursor} is null
 * @param seasonality    the rhythm the baseline used ("none", "daily", "weekly")
 */
public record SeriesResults(SeriesKey key, List<BucketResult> results, double[] precursor, PrecursorModel precursorModel,
                            String seasonality) {
    public SeriesResults {
        Objects.requireNonNull(key, "key");
        results = List.copyOf(results);
        if (precursor != null && precursor.length != results.size()) {
            throw new IllegalArgumentException("precursor probabilities (" + precursor.length + ") do not match the buckets ("
                    + results.size() + ") of " + key);
        }
        if ((precursor == null) != (precursorModel == null)) {
            throw new IllegalArgumentException("precursor probabilities and their model go together (" + key + ")");
        }
    }

    /** Results without precursor probabilities. */
    public SeriesResults(SeriesKey key, List<BucketResult> results, String seasonality) {
        this(key, results, null, null, seasonality);
    }

    /** The same results with the precursor probabilities of {@code model}. */
    public SeriesResults withPrecursor(double[] probabilities, PrecursorModel model) {
        return new SeriesResults(key, results, probabilities, Objects.requireNonNull(model, "model"), seasonality);
    }
}
