package io.kizashi.evaluation;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What NAB scores for one file: the file's row timestamps (in file order; {@code null} for a row
 * whose timestamp was unreadable), one anomaly score per row, and the file's windows.
 */
public record ScoringInput(String name, List<Instant> timestamps, double[] anomalyScores, List<Window> windows) {

    public ScoringInput {
        Objects.requireNonNull(name, "name");
        timestamps = Collections.unmodifiableList(new java.util.ArrayList<>(timestamps));
        anomalyScores = anomalyScores.clone();
        windows = List.copyOf(windows);
        if (timestamps.size() != anomalyScores.length) {
            throw new IllegalArgumentException(name + ": " + timestamps.size() + " rows but " + anomalyScores.length
                    + " anomaly scores; give one score per data row, in file order");
        }
        for (int i = 0; i < anomalyScores.length; i++) {
            double s = anomalyScores[i];
            if (!(s >= 0.0 && s <= 1.0)) {
                throw new IllegalArgumentException(name + ": anomaly score of row " + (i + 1) + " is " + s
                        + "; NAB scores must be numbers in [0, 1]");
            }
        }
    }

    /** The input for a file of the corpus with the given per-row scores. */
    public static ScoringInput of(CorpusFile file, double[] anomalyScores) {
        return new ScoringInput(file.name(), file.series().timestamps(), anomalyScores, file.windows());
    }

    /** Number of rows. */
    public int rows() {
        return anomalyScores.length;
    }

    /** The anomaly score of one row. */
    public double anomalyScore(int row) {
        return anomalyScores[row];
    }

    /** A copy of the scores (the record's accessor would otherwise expose its array). */
    @Override
    public double[] anomalyScores() {
        return anomalyScores.clone();
    }
}
