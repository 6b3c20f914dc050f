package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Turns a non-negative statistic into a tail probability relative to the statistic's own history
 * (peaks over threshold): a high quantile {@code u} is tracked by stochastic approximation and the
 * excesses over it (the last ~{@value #MEMORY}) are fitted with a generalised Pareto distribution by the
 * method of moments, shape clamped to [0, 0.45]. The fit is widened for its own uncertainty: a tail
 * fitted on k excesses gets shape + 1/k (the Lomax predictive of an exponential tail whose scale was
 * estimated from k samples); with fewer than {@value #MIN_EXCESSES} excesses a heavy fallback tail is
 * used. Below {@code u} the probability is 1. Incidents do enter the fit: after a large one, similar
 * deviations are judged against it for a while, which keeps one incident from alarming for days.
 *
 * <p>The threshold starts at the mean plus two standard deviations of the first {@value #WARMUP} values
 * (a stochastic-approximation quantile steps down 32 times slower than it steps up, so a start on one
 * early outlier would keep the tail blind for thousands of buckets). {@link #updateDeclustered} weighs
 * the i-th excess of an uninterrupted run by 1/i: a sustained or creeping deviation teaches the tail
 * about as much as a few isolated excesses, so it cannot make itself normal within the hour it lasts
 * (the runs-declustering idea of extreme-value statistics, in streaming form).
 */
public final class TailCalibrator {

    static final double QUANTILE = 0.97;
    static final double XI_MAX = 0.45;
    static final double FALLBACK_XI = 0.5;
    static final int MEMORY = 100;
    static final int MIN_EXCESSES = 10;
    static final int WARMUP = 30;

    private double threshold = Double.NaN;
    private double mean;
    private double m1;
    private double m2;
    private long n;
    private long excesses;
    private int run; // consecutive excesses up to the last value (state)
    // the fitted tail (shape, scale) is not kept: the threshold moves with every value, so a bucket's fit is
    // never used again, and five calibrators per series would carry 80 bytes of heap for nothing

    /** Tail probability of {@code a} (1 during warm-up or below the tracked quantile). */
    public double probability(double a) {
        a = Limits.atMost(a, 1e6);
        if (n < WARMUP || Double.isNaN(threshold) || a <= threshold) {
            return 1;
        }
        return tail(a);
    }

    // the fitted tail beyond the threshold: a few buckets in a hundred get here, so it is kept out of probability(),
    // which the JIT inlines five times into the judge's per-bucket path
    private double tail(double a) {
        double xi = shape();
        double beta = scale();
        double y = a - threshold;
        // Math.log, not log1p: log1p has no JIT intrinsic and the argument is never tiny enough to matter
        double tail = xi < 1e-6 ? Math.exp(-y / beta) : Math.exp(-Math.log(1 + xi * y / beta) / xi);
        return (1 - QUANTILE) * tail;
    }

    /** The statistic value whose tail probability is {@code p} ({@code p} at most 3 %), NaN during warm-up. */
    public double quantile(double p) {
        if (n < WARMUP || Double.isNaN(threshold)) {
            return Double.NaN;
        }
        double t = Math.min(1, p / (1 - QUANTILE));
        double xi = shape();
        double beta = scale();
        return threshold + (xi < 1e-6 ? -beta * Math.log(t) : beta / xi * (Math.pow(t, -xi) - 1));
    }

    private double shape() {
        if (excesses < MIN_EXCESSES || m1 <= 0) {
            return FALLBACK_XI;
        }
        double v = Math.max(m2 - m1 * m1, 1e-18);
        return Math.max(0, Math.min(XI_MAX, 0.5 * (1 - m1 * m1 / v))) + 1.0 / Math.min(excesses, MEMORY);
    }

    private double scale() {
        if (excesses < MIN_EXCESSES || m1 <= 0) {
            return Math.max(threshold, 1e-9) * 0.5;
        }
        double v = Math.max(m2 - m1 * m1, 1e-18);
        return Math.max(0.5 * m1 * (1 + m1 * m1 / v), 1e-12);
    }

    /** Learns a value; every excess counts fully, run or not. */
    public void update(double a) {
        learn(a, false);
    }

    /** Learns a value, weighing the i-th excess of an uninterrupted run by 1/i (see the class comment). */
    public void updateDeclustered(double a) {
        learn(a, true);
    }

    // which of the two a calibrator uses is its owner's choice, made the same way for its whole life (no field:
    // five calibrators per series would carry 40 bytes of heap for it)
    private void learn(double a, boolean decluster) {
        a = Limits.atMost(a, 1e6);
        n++;
        mean += (a - mean) / Math.min(n, 500);
        if (n <= WARMUP) {
            // warm-up: m1 and m2 hold the raw moments of the values
            m1 += (a - m1) / n;
            m2 += (a * a - m2) / n;
            if (n == WARMUP) {
                threshold = m1 + 2 * Math.sqrt(Limits.atLeast(m2 - m1 * m1, 0));
                m1 = 0;
                m2 = 0;
            }
            return;
        }
        double eta = 0.02 * Limits.atLeast(mean, 1e-12);
        threshold += a > threshold ? eta * QUANTILE : -eta * (1 - QUANTILE);
        if (a > threshold) {
            learnExcess(a - threshold, decluster);
        } else {
            run = 0;
        }
    }

    // an excess (a few buckets in a hundred): kept out of learn(), which the JIT inlines five times into the judge
    private void learnExcess(double y, boolean decluster) {
        excesses++;
        run++;
        double r = 1.0 / Math.min(excesses, MEMORY);
        if (decluster) {
            r /= run;
        }
        m1 += r * (y - m1);
        m2 += r * (y * y - m2);
    }

    public void write(StateWriter w) {
        w.f64(threshold).f64(mean).f64(m1).f64(m2).i64(n).i64(excesses).i32(run);
    }

    /**
     * Reads a calibrator written by {@link #write}; {@code version} is the series state's version
     * (version 1 had no run length; a run then starts afresh).
     */
    public static TailCalibrator read(StateReader r, int version) {
        TailCalibrator t = new TailCalibrator();
        t.threshold = r.f64();
        t.mean = r.f64();
        t.m1 = r.f64();
        t.m2 = r.f64();
        t.n = r.i64();
        t.excesses = r.i64();
        t.run = version >= 2 ? r.i32() : 0;
        if (version < 2 && t.n < WARMUP) {
            // saved in its warm-up by version 1, which kept the first value as threshold and m1/m2 as excess
            // moments: the warm-up restarts, so the threshold starts from raw moments as in this version
            t.threshold = Double.NaN;
            t.m1 = 0;
            t.m2 = 0;
            t.n = 0;
            t.excesses = 0;
        }
        return t;
    }
}
