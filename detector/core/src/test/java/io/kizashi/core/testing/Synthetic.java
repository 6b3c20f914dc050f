package io.kizashi.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Seeded synthetic series with known ground truth for the detection tests: each value is
 * {@code truth(i) + noise}, where the truth is built from level, daily/weekly rhythm, trend and injected
 * events whose positions the test knows.
 */
public final class Synthetic {

    public final Instant start;
    public final Duration step;
    public final double[] truth;
    public final double[] values;
    public final long seed;

    private Synthetic(Instant start, Duration step, double[] truth, double[] values, long seed) {
        this.start = start;
        this.step = step;
        this.truth = truth;
        this.values = values;
        this.seed = seed;
    }

    public Instant at(int i) {
        return start.plus(step.multipliedBy(i));
    }

    public int size() {
        return values.length;
    }

    /** Gaussian noise of standard deviation {@code sigma} around {@code truth}. */
    public static Synthetic gaussian(long seed, Instant start, Duration step, int n, double sigma, IntToDoubleFunction truth) {
        return gaussian(seed, start, step, n, i -> sigma, truth);
    }

    /** Gaussian noise of standard deviation {@code sigma(i)} around {@code truth}: noise that changes over time. */
    public static Synthetic gaussian(long seed, Instant start, Duration step, int n, IntToDoubleFunction sigma,
                                     IntToDoubleFunction truth) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = truth.applyAsDouble(i);
            v[i] = t[i] + sigma.applyAsDouble(i) * gauss(rnd);
        }
        return new Synthetic(start, step, t, v, seed);
    }

    /** Poisson counts with mean {@code truth(i)}. */
    public static Synthetic poisson(long seed, Instant start, Duration step, int n, IntToDoubleFunction mean) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = mean.applyAsDouble(i);
            v[i] = poisson(rnd, t[i]);
        }
        return new Synthetic(start, step, t, v, seed);
    }

    public static double gauss(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double w = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    public static int poisson(SplittableRandom rnd, double mean) {
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss(rnd)));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** A daily sine rhythm with its peak at 14:00 of the given offset (amplitude, period one day). */
    public static double daily(Instant t, double amplitude) {
        double day = (t.getEpochSecond() % 86_400) / 86_400.0;
        return amplitude * Math.sin(2 * Math.PI * (day - 14.0 / 24 + 0.25));
    }
}
