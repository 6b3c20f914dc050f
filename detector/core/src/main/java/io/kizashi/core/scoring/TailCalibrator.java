package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Turns a non-negative statistic into a tail probability relative to the statistic's own history
 * (peaks over threshold): a high quantile {@code u} is tracked by stochastic approximation and the
 * excesses over it are fitted with a generalised Pareto distribution by the method of moments
 * (shape clamped to [0, 0.45]: exponential to heavy tails). Below {@code u} the probability is 1.
 * The same statistic therefore means the same rarity on a calm series and on a spiky one.
 */
public final class TailCalibrator {

    static final double QUANTILE = 0.97;
    private static final int WARMUP = 30;

    private double threshold = Double.NaN;
    private double mean;
    private double m1;
    private double m2;
    private long n;
    private long excesses;

    /** Tail probability of {@code a} (1 during warm-up or below the tracked quantile). */
    public double probability(double a) {
        a = Math.min(a, 1e6);
        if (n < WARMUP || Double.isNaN(threshold) || a <= threshold) {
            return 1;
        }
        double y = a - threshold;
        double beta;
        double xi;
        if (excesses < 10 || m1 <= 0) {
            beta = Math.max(threshold, 1e-9) * 0.5;
            xi = 0;
        } else {
            double v = Math.max(m2 - m1 * m1, 1e-18);
            xi = Math.max(0, Math.min(0.45, 0.5 * (1 - m1 * m1 / v)));
            beta = Math.max(0.5 * m1 * (1 + m1 * m1 / v), 1e-12);
        }
        double tail = xi < 1e-6 ? Math.exp(-y / beta) : Math.pow(1 + xi * y / beta, -1 / xi);
        return (1 - QUANTILE) * tail;
    }

    /** Forgets everything (the statistic now comes from another model). */
    public void reset() {
        threshold = Double.NaN;
        mean = m1 = m2 = 0;
        n = excesses = 0;
    }

    public void update(double a) {
        a = Math.min(a, 1e6);
        n++;
        mean += (a - mean) / Math.min(n, 500);
        if (Double.isNaN(threshold)) {
            threshold = a;
            return;
        }
        double eta = 0.02 * Math.max(mean, 1e-12);
        threshold += a > threshold ? eta * QUANTILE : -eta * (1 - QUANTILE);
        if (a > threshold) {
            double y = a - threshold;
            excesses++;
            double r = 1.0 / Math.min(excesses, 100);
            m1 += r * (y - m1);
            m2 += r * (y * y - m2);
        }
    }

    public void write(StateWriter w) {
        w.f64(threshold).f64(mean).f64(m1).f64(m2).i64(n).i64(excesses);
    }

    public static TailCalibrator read(StateReader r) {
        TailCalibrator t = new TailCalibrator();
        t.threshold = r.f64();
        t.mean = r.f64();
        t.m1 = r.f64();
        t.m2 = r.f64();
        t.n = r.i64();
        t.excesses = r.i64();
        return t;
    }
}
