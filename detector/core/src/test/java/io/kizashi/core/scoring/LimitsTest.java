package io.kizashi.core.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison-based bounds give bit for bit what Math.min / Math.max give for positive limits: the
 * model's results must not change by a single bit when they replace the intrinsics.
 */
class LimitsTest {

    private static final double[] VALUES = {Double.NaN, Double.NEGATIVE_INFINITY, -1e300, -1e6, -8, -8.000000000000002,
        -7.999999999999999, -1, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1e-30, 1e-12, 0.9999999999999999, 1,
        1.0000000000000002, 8, 100, 1e6, 1e300, Double.POSITIVE_INFINITY,
        Double.longBitsToDouble(0x7ff8000000000123L)}; // a NaN with a payload
    private static final double[] LIMITS = {Double.MIN_VALUE, 1e-30, 1e-12, 1, 8, 100, 1e3, 1e6};

    @Test
    void atMostIsMathMinForEveryValue() {
        for (double limit : LIMITS) {
            for (double v : VALUES) {
                assertThat(bits(Limits.atMost(v, limit))).as("atMost(%s, %s)", v, limit).isEqualTo(bits(Math.min(v, limit)));
            }
        }
    }

    @Test
    void atLeastIsMathMaxForEveryValue() {
        for (double limit : LIMITS) {
            for (double v : VALUES) {
                assertThat(bits(Limits.atLeast(v, limit))).as("atLeast(%s, %s)", v, limit).isEqualTo(bits(Math.max(v, limit)));
            }
        }
    }

    @Test
    void withinIsTheNestedMinMaxForEveryValue() {
        for (double limit : LIMITS) {
            for (double v : VALUES) {
                assertThat(bits(Limits.within(v, limit))).as("within(%s, %s)", v, limit)
                        .isEqualTo(bits(Math.max(-limit, Math.min(limit, v))));
            }
        }
    }

    // any limit at all for min, max and clamp, but the one signed zero each excludes
    private static final double[] ANY_LIMITS = {Double.NaN, Double.NEGATIVE_INFINITY, -1e300, -8, -1, -Double.MIN_VALUE, -0.0, 0.0,
        Double.MIN_VALUE, 1e-30, 1e-9, 1, 8, 100, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.longBitsToDouble(0x7ff8000000000123L), Double.longBitsToDouble(0xfff8000000000000L)};

    @Test
    void minIsMathMinForEveryValueAndLimitButMinusZero() {
        for (double limit : ANY_LIMITS) {
            if (bits(limit) == bits(-0.0)) {
                continue;
            }
            for (double v : VALUES) {
                assertThat(sameDouble(Limits.min(v, limit), Math.min(v, limit))).as("min(%s, %s)", v, limit).isTrue();
            }
        }
    }

    @Test
    void maxIsMathMaxForEveryValueAndLimitButPlusZero() {
        for (double limit : ANY_LIMITS) {
            if (bits(limit) == bits(0.0)) {
                continue;
            }
            for (double v : VALUES) {
                assertThat(sameDouble(Limits.max(v, limit), Math.max(v, limit))).as("max(%s, %s)", v, limit).isTrue();
            }
        }
    }

    @Test
    void clampIsTheNestedMinMaxForEveryValueAndLimitButMinusZero() {
        for (double limit : ANY_LIMITS) {
            if (bits(limit) == bits(-0.0)) {
                continue;
            }
            for (double v : VALUES) {
                assertThat(sameDouble(Limits.clamp(v, limit), Math.max(-limit, Math.min(limit, v)))).as("clamp(%s, %s)", v, limit).isTrue();
            }
        }
    }

    @Test
    void theExcludedZerosAreWhereMathDiffers() {
        // the reason for the exclusions: Math orders the zeros, a comparison does not
        assertThat(bits(Limits.min(0.0, -0.0))).isNotEqualTo(bits(Math.min(0.0, -0.0)));
        assertThat(bits(Limits.max(-0.0, 0.0))).isNotEqualTo(bits(Math.max(-0.0, 0.0)));
    }

    @Test
    void clampsToTheLimits() {
        assertThat(Limits.atMost(7, 5)).isEqualTo(5);
        assertThat(Limits.atLeast(3, 5)).isEqualTo(5);
        assertThat(Limits.within(-9, 4)).isEqualTo(-4);
        assertThat(Limits.within(2.5, 4)).isEqualTo(2.5);
        assertThat(Limits.min(7, 5)).isEqualTo(5);
        assertThat(Limits.max(3, 5)).isEqualTo(5);
        assertThat(Limits.clamp(-9, 4)).isEqualTo(-4);
        assertThat(Limits.clamp(2.5, 4)).isEqualTo(2.5);
    }

    /**
     * The same bits, or NaN for NaN: which of two NaNs Math.min / Math.max return differs between the interpreter and
     * the JIT's intrinsic (min, max and clamp hand every case with a NaN to Math itself, so a model gets what Math gave it).
     */
    private static boolean sameDouble(double a, double b) {
        return bits(a) == bits(b) || Double.isNaN(a) && Double.isNaN(b);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
