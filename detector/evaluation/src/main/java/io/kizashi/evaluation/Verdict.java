package io.kizashi.evaluation;

/**
 * A detector's judgement of one point.
 *
 * @param anomalyScore how anomalous the point is, in [0, 1]; NAB sweeps one threshold over it
 * @param isAnomaly    the detector's own decision (scored as if it were a 0/1 score at threshold 0.5)
 */
public record Verdict(double anomalyScore, boolean isAnomaly) {

    /** The verdict for a point that is certainly normal. */
    public static final Verdict NORMAL = new Verdict(0.0, false);

    public Verdict {
        if (!(anomalyScore >= 0.0 && anomalyScore <= 1.0)) {
            throw new IllegalArgumentException("anomalyScore must be in [0, 1] but was " + anomalyScore
                    + "; clamp or calibrate the detector's score before returning it");
        }
    }
}
