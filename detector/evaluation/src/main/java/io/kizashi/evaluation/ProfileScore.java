package io.kizashi.evaluation;

import java.util.List;
import java.util.Objects;

/**
 * A corpus's NAB result for one profile at one threshold.
 *
 * @param profile         the cost profile
 * @param threshold       rows with anomaly score {@code >=} threshold are detections (1.1 = none, as in NAB)
 * @param rawScore        the corpus's raw score (sum over files)
 * @param nullScore       the raw score of NAB's null detector (constant 0.5, its threshold optimised)
 * @param perfectScore    the raw score of a perfect detector: scored windows × tpWeight
 * @param normalisedScore {@code 100 (raw - null) / (perfect - null)}, NAB's published number; NaN if
 *                        the corpus has no scored window
 * @param totals          counts summed over files
 * @param files           per-file results, in corpus order
 */
public record ProfileScore(CostProfile profile, double threshold, double rawScore, double nullScore,
                           double perfectScore, double normalisedScore, FileScore totals, List<FileScore> files) {

    public ProfileScore {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(totals, "totals");
        files = List.copyOf(files);
    }
}
