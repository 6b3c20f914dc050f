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

    @Test
    void clampsToTheLimits() {
        assertThat(Limits.atMost(7, 5)).isEqualTo(5);
        assertThat(Limits.atLeast(3, 5)).isEqualTo(5);
        assertThat(Limits.within(-9, 4)).isEqualTo(-4);
        assertThat(Limits.within(2.5, 4)).isEqualTo(2.5);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }
}
