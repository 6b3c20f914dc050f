package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * One quantile of a positive stream, tracked in the log domain by stochastic approximation
 * ({@code log v += rate * (q - [a <= v])}): relative steps make it scale-free and immune to a few huge
 * early values. Used for the empirical width of the bounds.
 */
public final class StreamingQuantile {

    private static final double RATE = 0.02;

    private final double q;
    private double logValue;
    private double value; // exp(logValue), kept so that neither reading nor updating needs an exp
    private long n;

    public StreamingQuantile(double q, double initial) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + q);
        }
        if (!(initial > 0)) {
            throw new IllegalArgumentException("initial quantile must be positive, got " + initial);
        }
        this.q = q;
        this.logValue = Math.log(initial);
        this.value = initial;
    }

    public double value() {
        return value;
    }

    public long count() {
        return n;
    }

    public void update(double a) {
        n++;
        logValue += a > value ? RATE * q : -RATE * (1 - q);
        value = Math.exp(logValue);
    }

    public void write(StateWriter w) {
        w.f64(q).f64(logValue).i64(n);
    }

    public static StreamingQuantile read(StateReader r) {
        double q = r.f64();
        StreamingQuantile s = new StreamingQuantile(q, 1);
        s.logValue = r.f64();
        s.value = Math.exp(s.logValue);
        s.n = r.i64();
        return s;
    }
}
