package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Long-memory distribution of the value itself: the 2 % and 98 % quantiles and the median tracked by
 * stochastic approximation (memory of about 500 buckets), with exponential tails fitted to the
 * excesses. It answers "how rare is this value here", independent of any forecast, which catches dips
 * and plateaus that an adaptive forecast would follow.
 */
public final class MarginalDistribution {

    private static final double LOW_Q = 0.02;
    private static final double HIGH_Q = 0.98;
    private static final double RATE = 0.002;
    private static final int WARMUP = 50;

    private double low = Double.NaN;
    private double high;
    private double median;
    private double spread;
    private double lowExcess = Double.NaN;
    private double highExcess = Double.NaN;
    private long n;
    private long nLow;
    private long nHigh;

    public double probability(double x) {
        if (n < WARMUP) {
            return 1;
        }
        double s = Math.max(spread, 1e-12);
        if (x > high) {
            return LOW_Q * Math.exp(-(x - high) / Math.max(highExcess, 0.05 * s));
        }
        if (x < low) {
            return LOW_Q * Math.exp(-(low - x) / Math.max(lowExcess, 0.05 * s));
        }
        return 1;
    }

    /** The tracked median (for the direction of a rare value). */
    public double median() {
        return median;
    }

    public void update(double x) {
        n++;
        if (Double.isNaN(low)) {
            low = high = median = x;
            return;
        }
        double r = Math.max(RATE, 1.0 / n);
        spread += r * (Math.abs(x - median) - spread);
        double step = Math.max(spread, 1e-12) * r * 20;
        median += step * (x > median ? 0.5 : -0.5);
        high += step * (x > high ? HIGH_Q : -(1 - HIGH_Q));
        low -= step * (x < low ? HIGH_Q : -(1 - HIGH_Q));
        if (n == WARMUP) {
            highExcess = lowExcess = Math.max(spread, 1e-12);
        }
        if (n > WARMUP && x > high) {
            nHigh++;
            highExcess += (Math.min(x - high, 20 * spread + 1e-12) - highExcess) / Math.min(nHigh + 5, 200);
        }
        if (n > WARMUP && x < low) {
            nLow++;
            lowExcess += (Math.min(low - x, 20 * spread + 1e-12) - lowExcess) / Math.min(nLow + 5, 200);
        }
    }

    public void write(StateWriter w) {
        w.f64(low).f64(high).f64(median).f64(spread).f64(lowExcess).f64(highExcess).i64(n).i64(nLow).i64(nHigh);
    }

    public static MarginalDistribution read(StateReader r) {
        MarginalDistribution m = new MarginalDistribution();
        m.low = r.f64();
        m.high = r.f64();
        m.median = r.f64();
        m.spread = r.f64();
        m.lowExcess = r.f64();
        m.highExcess = r.f64();
        m.n = r.i64();
        m.nLow = r.i64();
        m.nHigh = r.i64();
        return m;
    }
}
