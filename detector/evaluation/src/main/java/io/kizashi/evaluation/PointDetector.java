package io.kizashi.evaluation;

import java.time.Instant;

/**
 * A streaming detector as the evaluation sees it: one point in, one verdict out, points in file order.
 *
 * <p>The runner creates a fresh instance per file and calls it from one thread at a time; rows whose
 * timestamp or value could not be read are never passed in (see {@link EvaluationRunner}).
 */
@FunctionalInterface
public interface PointDetector {

    /** Judges the next point of the series; {@code value} is always finite. */
    Verdict observe(Instant timestamp, double value);
}
