package io.kizashi.precursor.features;

/**
 * Window lengths of the features, in buckets. Fixed for a schema version: a model learns what "recent"
 * means in buckets, so the horizon and bucket span it was trained with are recorded in its bundle.
 */
public final class Windows {
    /** The last few buckets: "now, smoothed". */
    public static final int SHORT = 3;
    /** Half an hour at 5-minute buckets. */
    public static final int MID = 6;
    /** Window of the slopes and volatilities. */
    public static final int SLOPE = 12;
    /** The longest memory any feature has; also the warm-up of a new entity. */
    public static final int LONG = 24;

    private Windows() {
    }
}
