package io.kizashi.bench;

import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/** Seeded series workloads shared by the benchmarks and the size report. */
public final class Workloads {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    private Workloads() {
    }

    /** The kinds of series a replica holds. */
    public enum Kind {
        /** White noise, 1-minute buckets: no seasonality is adopted. */
        NOISE(60),
        /** A daily rhythm with noise, 5-minute buckets: the daily profile is adopted. */
        SEASONAL(300);

        final long bucketSeconds;

        Kind(long bucketSeconds) {
            this.bucketSeconds = bucketSeconds;
        }
    }

    static double value(Kind kind, SplittableRandom rnd, long epochSecond, double level) {
        double noise = gauss(rnd);
        return switch (kind) {
            case NOISE -> level + 3 * noise;
            case SEASONAL -> level + 40 * Math.sin(2 * Math.PI * (epochSecond % 86_400) / 86_400.0) + 3 * noise;
        };
    }

    /** A model trained on {@code buckets} buckets of the workload. */
    static SeriesModel trained(Kind kind, long seed, int buckets) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double level = 100 + rnd.nextDouble(0, 900);
        SeriesModel m = SeriesModel.create(ModelConfig.defaults().withBucketSpan(Duration.ofSeconds(kind.bucketSeconds)));
        for (int i = 0; i < buckets; i++) {
            long t = START.getEpochSecond() + i * kind.bucketSeconds;
            m.observe(Instant.ofEpochSecond(t), value(kind, rnd, t, level));
        }
        return m;
    }

    static double gauss(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
