package io.kizashi.core.scoring;

/**
 * Bounds against positive constant limits, written as comparisons rather than {@code Math.min} /
 * {@code Math.max}. With a positive limit both give the same double for every input, NaN and signed zeros
 * included (they differ only for NaN or zero limits); a comparison compiles to a branch that is almost
 * always predicted (statistics rarely reach their caps), whereas the intrinsics' NaN and signed-zero
 * handling lengthens the dependency chains of the per-bucket hot path (measured: about 5 % of a bucket).
 */
public final class Limits {

    private Limits() {
    }

    /** {@code Math.min(v, limit)} for a positive limit. */
    public static double atMost(double v, double limit) {
        return v > limit ? limit : v;
    }

    /** {@code Math.max(v, limit)} for a positive limit. */
    public static double atLeast(double v, double limit) {
        return v < limit ? limit : v;
    }

    /** {@code Math.max(-limit, Math.min(limit, v))} for a positive limit. */
    public static double within(double v, double limit) {
        return v < -limit ? -limit : v > limit ? limit : v;
    }

    // For limits that are not constants (a multiple of a spread, which overflowed numbers can make NaN or infinite):
    // the usual case, a value inside its limit, is a predicted comparison whose result is the value itself, and
    // everything else (a value beyond the limit, a NaN) goes to Math.min / Math.max themselves, so the result is the
    // intrinsic's, bit for bit, for every value and every limit but the one signed zero named

    /** {@code Math.min(v, limit)}, bit for bit, for every v and every limit but -0.0. */
    public static double min(double v, double limit) {
        return v <= limit ? v : Math.min(v, limit);
    }

    /** {@code Math.max(v, limit)}, bit for bit, for every v and every limit but +0.0. */
    public static double max(double v, double limit) {
        return v >= limit ? v : Math.max(v, limit);
    }

    /** {@code Math.max(-limit, Math.min(limit, v))}, bit for bit, for every v and every limit but -0.0. */
    public static double clamp(double v, double limit) {
        return v >= -limit && v <= limit ? v : Math.max(-limit, Math.min(limit, v));
    }
}
