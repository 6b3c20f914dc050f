package io.kizashi.bench;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.SeriesModel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Series-buckets scored per CPU-second of the scoring thread: the same workload as the JMH benchmark
 * (1,000 trained series, one bucket each per round), timed with the thread's CPU clock, so the figure
 * means "per core" even on a machine that other work keeps busy (JMH's wall-clock figure does not).
 * Run with {@code ./kizashi bench cpu} (a fixed, pre-touched heap: while G1 grows the young generation, the
 * first touch of each new page is a kernel fault that lands in the measured rounds and halved the figure).
 */
public final class CpuThroughputReport {

    private CpuThroughputReport() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int series = 1000;
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        System.out.printf("%-10s %10s %14s %12s %12s %12s%n", "workload", "series", "buckets", "per CPU-s", "min", "max");
        for (Workloads.Kind kind : Workloads.Kind.values()) {
            int history = kind == Workloads.Kind.SEASONAL ? 288 * 10 : 3000;
            SeriesModel[] models = new SeriesModel[series];
            double[][] values = new double[series][rounds];
            for (int s = 0; s < series; s++) {
                models[s] = Workloads.trained(kind, s, history);
                SplittableRandom rnd = new SplittableRandom(1000 + s);
                double level = 100 + rnd.nextDouble(0, 900);
                for (int i = 0; i < rounds; i++) {
                    long t = Workloads.START.getEpochSecond() + (history + i) * kind.bucketSeconds;
                    values[s][i] = Workloads.value(kind, rnd, t, level);
                }
            }
            // a replica's models are old and compacted; freshly trained ones lie scattered among the training's
            // garbage (a model's 4 KB every few hundred KB of eden) until a collection moves them, which made the
            // figure depend on whether a young collection happened to fall before the measured rounds
            System.gc();
            // a warm-up third of the rounds, then five measured blocks: the median and the range are printed (one
            // block can fall on a collection or on other work of a shared machine)
            long sink = 0;
            int warm = rounds / 3;
            int blocks = 5;
            int per = (rounds - warm) / blocks;
            double[] rates = new double[blocks];
            long measured = 0;
            for (int b = -1; b < blocks; b++) {
                int from = b < 0 ? 0 : warm + b * per;
                int to = b < 0 ? warm : from + per;
                long cpu0 = mx.getCurrentThreadCpuTime();
                for (int i = from; i < to; i++) {
                    Instant t = Instant.ofEpochSecond(Workloads.START.getEpochSecond() + (history + i) * kind.bucketSeconds);
                    for (int s = 0; s < series; s++) {
                        BucketResult r = models[s].observe(t, values[s][i]);
                        sink += r.anomalous() ? 1 : 0;
                    }
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                if (b >= 0) {
                    long buckets = (long) series * (to - from);
                    rates[b] = buckets / (cpu / 1e9);
                    measured += buckets;
                }
            }
            double[] sorted = rates.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("%-10s %10d %14d %12.0f %12.0f %12.0f%n", kind, series, measured, sorted[blocks / 2], sorted[0], sorted[blocks - 1]);
            if (sink < 0) {
                System.out.println(sink);
            }
        }
    }
}
