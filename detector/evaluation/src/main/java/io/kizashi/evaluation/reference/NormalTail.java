package io.kizashi.evaluation.reference;

/**
 * The complementary error function and the normal distribution's upper tail (the JDK has neither),
 * within about 10 units in the last place of glibc's erfc below 1 and 4 above. Small arguments use the Taylor series of erf,
 * larger ones the Laplace continued fraction of erfc, so that tails as small as 1e-300 keep their
 * relative accuracy (which matters where 1 - tail rounds to exactly 1).
 */
public final class NormalTail {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double SQRT_2 = Math.sqrt(2.0);
    // Below this 1 - erf(series) loses at most ~3 bits; above it the continued fraction converges within ~180 terms.
    private static final double SERIES_CUTOFF = 1.0;
    // erfc(x) is below the smallest subnormal double beyond this.
    private static final double UNDERFLOW = 27.3;

    private NormalTail() {
    }

    /** erfc(x) = 1 - erf(x). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2.0 - erfc(-x);
        }
        if (x < SERIES_CUTOFF) {
            return 1.0 - erfSeries(x);
        }
        if (x > UNDERFLOW) {
            return 0.0;
        }
        return expMinusSquare(x) * x * ONE_OVER_SQRT_PI / laplaceFraction(x * x);
    }

    /**
     * The probability that a normal variable with the given mean and standard deviation lies farther
     * from the mean than {@code x}, on x's side: Q(|x - mean| / std).
     */
    public static double upperTail(double x, double mean, double std) {
        double xp = x < mean ? 2 * mean - x : x;
        double z = (xp - mean) / std;
        return 0.5 * erfc(z / SQRT_2);
    }

    // erf(x) = 2/sqrt(pi) e^{-x^2} sum_k 2^k x^{2k+1} / (1*3*...*(2k+1)); all terms positive, so stable.
    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int k = 1; k < 200; k++) {
            term *= 2.0 * x2 / (2 * k + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
    }

    // erfc(x) = x e^{-x^2}/sqrt(pi) / (x^2 + 1/2 - (1*2/4)/(x^2 + 5/2 - (3*4/4)/(x^2 + 9/2 - ...))), the even part of
    // Laplace's fraction, evaluated from the tail backwards (more accurate than forward Lentz near x = 1); the
    // number of terms is ample for x >= 1 (checked against glibc to 4 ulps on [1, 27]).
    private static double laplaceFraction(double x2) {
        int terms = (int) (30 + 150 / x2);
        double t = 0.0;
        for (int k = terms; k >= 1; k--) {
            double a = -(2.0 * k - 1) * (2.0 * k) / 4.0;
            t = a / (x2 + 0.5 + 2.0 * k + t);
        }
        return x2 + 0.5 + t;
    }

    // e^{-x^2} without the error of rounding x^2 first: x = hi + lo with hi*hi exact.
    private static double expMinusSquare(double x) {
        double hi = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xFFFFFFFFF8000000L);
        double lo = x - hi;
        return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
    }
}
