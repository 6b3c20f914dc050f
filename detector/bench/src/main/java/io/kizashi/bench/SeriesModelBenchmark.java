package io.kizashi.bench;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.trend.Forecast;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Series-buckets scored per second on one thread: each invocation scores the next bucket of
 * {@value #SERIES} trained series (so the working set is a realistic replica slice, not one hot model).
 * Values are precomputed; the measured work is {@code SeriesModel.observe} and its result.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SeriesModelBenchmark {

    static final int SERIES = 1000;
    static final int RING = 4096;

    @State(Scope.Thread)
    public static class Replica {
        @Param({"NOISE", "SEASONAL"})
        public Workloads.Kind kind;

        SeriesModel[] models;
        double[][] values;
        Instant[] times;
        int step;

        @Setup(Level.Trial)
        public void setUp() {
            int history = kind == Workloads.Kind.SEASONAL ? 288 * 10 : 3000;
            models = new SeriesModel[SERIES];
            values = new double[SERIES][RING];
            for (int s = 0; s < SERIES; s++) {
                models[s] = Workloads.trained(kind, s, history);
                SplittableRandom rnd = new SplittableRandom(1000 + s);
                double level = 100 + rnd.nextDouble(0, 900);
                for (int i = 0; i < RING; i++) {
                    long t = Workloads.START.getEpochSecond() + (history + i) * kind.bucketSeconds;
                    values[s][i] = Workloads.value(kind, rnd, t, level);
                }
            }
            // one Instant per bucket, shared by all series (as a datafeed cycle would)
            times = new Instant[1 << 22];
            for (int i = 0; i < times.length; i++) {
                times[i] = Instant.ofEpochSecond(Workloads.START.getEpochSecond() + (history + i) * kind.bucketSeconds);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void observe(Replica r, Blackhole bh) {
        int i = r.step++;
        if (i >= r.times.length) {
            throw new IllegalStateException("benchmark ran past its precomputed buckets; shorten the measurement");
        }
        Instant t = r.times[i];
        int k = i & (RING - 1);
        for (int s = 0; s < SERIES; s++) {
            BucketResult res = r.models[s].observe(t, r.values[s][k]);
            bh.consume(res);
        }
    }

    @State(Scope.Thread)
    public static class Trained {
        SeriesModel model;

        @Setup(Level.Trial)
        public void setUp() {
            model = Workloads.trained(Workloads.Kind.SEASONAL, 7, 288 * 14);
        }
    }

    /** One day ahead at 5-minute buckets (288 points) with a limit to find the crossing of. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Forecast forecastDay(Trained t) {
        return t.model.forecast(288, 0.95, 2000);
    }
}
