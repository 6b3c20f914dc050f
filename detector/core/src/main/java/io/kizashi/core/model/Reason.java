package io.kizashi.core.model;

/**
 * Machine-readable reason for a bucket's score: which detection channel gave the strongest evidence,
 * or why the bucket was not scored.
 */
public enum Reason {
    /** Nothing unusual. */
    NORMAL("normal"),
    /** One bucket far from the one-step forecast. */
    POINT_OUTLIER("point_outlier"),
    /** A run of buckets on one side of the slow baseline (level shift, dip, plateau). */
    SUSTAINED_SHIFT("sustained_shift"),
    /** The short-term spread of residuals grew well beyond its usual range. */
    VARIANCE_CHANGE("variance_change"),
    /** A value beyond everything seen so far. */
    NEW_EXTREME("new_extreme"),
    /** The level has been moving away from where it stood over the last days (a leak, a creep). */
    SLOW_DRIFT("slow_drift"),
    /** Sustained agitation: residuals large on average for a while, without a shift of the level. */
    AGITATION("agitation"),
    /** Still learning. */
    LEARNING("learning"),
    /** No value in this bucket. */
    MISSING("missing"),
    /** The value is not a finite number. */
    NOT_FINITE("not_finite"),
    /** The value is outside the metric's domain (e.g. a negative count, a ratio above 1). */
    OUT_OF_DOMAIN("out_of_domain"),
    /** The value's magnitude exceeds the configured plausibility limit. */
    ABSURD_MAGNITUDE("absurd_magnitude"),
    /** The bucket is not after the previous one. */
    OUT_OF_ORDER("out_of_order");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** Stable snake_case code used in result documents and APIs. */
    public String code() {
        return code;
    }
}
