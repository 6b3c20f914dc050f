package io.kizashi.core.model;

/** How a bucket was handled by the model. Only {@link #SCORED} buckets can raise anomalies. */
public enum ResultStatus {
    /** Scored against a baseline that has seen enough history. */
    SCORED,
    /** Still learning (cold start): expected value and bounds are given, the score is 0 and no alarm is raised. */
    LEARNING,
    /** No value for this bucket (gap or sparse series); the model advanced its clock and kept its state. */
    MISSING,
    /** The value was refused (NaN, infinite, outside the metric's domain or absurdly large); state untouched. */
    REJECTED
}
