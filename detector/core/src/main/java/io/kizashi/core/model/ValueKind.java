package io.kizashi.core.model;

/**
 * What a metric's values mean; it sets the domain a value must lie in and how bounds are clipped.
 * Counts also get a Poisson floor on their spread, so sparse counts do not alarm on every blip.
 */
public enum ValueKind {
    /** Any real number (latency, temperature, CPU %). */
    GAUGE(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    /** A non-negative count or rate of events (requests, errors, restarts). */
    COUNT(0, Double.POSITIVE_INFINITY),
    /** A fraction in [0, 1] (error ratio, cache hit ratio). */
    RATIO(0, 1);

    private final double min;
    private final double max;

    ValueKind(double min, double max) {
        this.min = min;
        this.max = max;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    public double clip(double v) {
        // Math.min(v, max) written as a comparison: the same double for every v (NaN and signed zeros included)
        // since no kind's max is NaN or zero, and cheaper on the per-bucket path than the intrinsic's NaN handling
        return v < min ? min : v > max ? max : v;
    }
}
