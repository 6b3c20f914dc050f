package io.kizashi.cli;

import io.kizashi.simulator.Incident;
import io.kizashi.simulator.LogDocument;
import io.kizashi.simulator.LogGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-service metrics of the simulated MDM platform, computed in memory from its log documents the way a
 * datafeed job would aggregate them, written as a multivariate corpus (the ASD layout) so that
 * {@code kizashi train} and {@code kizashi evaluate --multivariate} read it like any other:
 * requests, 5xx ratio and p95 latency from request lines; mean heap ratio, max GC pause, max DB-pool waiters
 * and mean queue depth from runtime-stats lines; restarts from Kubernetes events. Test rows carry a label
 * (1 from an incident's start to its end on every service it affects); {@code labels/incidents.csv} also
 * gives each incident's precursor onset and kind.
 */
final class SimulatedMetrics {

    static final List<String> METRICS = List.of("requests", "error_ratio", "latency_p95_ms", "heap_used_ratio", "gc_pause_ms_max",
            "db_pool_waiting_max", "queue_depth_mean", "restarts");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final class Bucket {
        int requests;
        int errors;
        final List<Double> latencies = new ArrayList<>();
        double heapSum;
        int heapN;
        double gcMax;
        double poolWaitMax = -1;
        double queueSum;
        int queueN;
        int restarts;
    }

    private SimulatedMetrics() {
    }

    /**
     * Generates [from, to) and writes the corpus: rows before {@code testFrom} go to train/, the rest to test/.
     *
     * @return the incidents whose start lies in the test part
     */
    static List<Incident> write(LogGenerator gen, Instant from, Instant testFrom, Instant to, Duration span, Path root) {
        long spanMs = span.toMillis();
        Map<String, TreeMap<Long, Bucket>> byService = new TreeMap<>();
        gen.generate(from, to, Duration.ofHours(2), docs -> {
            for (LogDocument d : docs) {
                String s = d.service();
                if (s == null) {
                    continue;
                }
                long b = Math.floorDiv(d.timestampMs(), spanMs) * spanMs;
                Bucket k = byService.computeIfAbsent(s, x -> new TreeMap<>()).computeIfAbsent(b, x -> new Bucket());
                String action = d.action();
                if ("request-completed".equals(action)) {
                    k.requests++;
                    k.errors += d.status() >= 500 ? 1 : 0;
                    k.latencies.add(d.longValue("event.duration", 0) / 1e6);
                } else if ("runtime-stats".equals(action)) {
                    k.heapSum += d.longValue("mdm.runtime.heap_used_bytes", 0) / (double) Math.max(1, d.longValue("mdm.runtime.heap_max_bytes", 1));
                    k.heapN++;
                    k.gcMax = Math.max(k.gcMax, d.longValue("mdm.runtime.gc_pause_ms", 0));
                    long w = d.longValue("mdm.runtime.db_pool_waiting", -1);
                    if (w >= 0) {
                        k.poolWaitMax = Math.max(k.poolWaitMax, w);
                    }
                    long q = d.longValue("mdm.runtime.queue_depth", -1);
                    if (q >= 0) {
                        k.queueSum += q;
                        k.queueN++;
                    }
                } else if ("oom-killed".equals(action) || "liveness-probe-failed".equals(action)) {
                    k.restarts++;
                }
            }
        });
        List<Incident> all = gen.groundTruth().incidents(from, to);
        List<Incident> inTest = all.stream().filter(i -> !i.start().isBefore(testFrom) && i.start().isBefore(to)).toList();
        try {
            Files.createDirectories(root.resolve("train"));
            Files.createDirectories(root.resolve("test"));
            Files.createDirectories(root.resolve("labels"));
            StringBuilder seg = new StringBuilder("{");
            boolean firstService = true;
            for (Map.Entry<String, TreeMap<Long, Bucket>> e : byService.entrySet()) {
                String service = e.getKey();
                boolean db = e.getValue().values().stream().anyMatch(b -> b.poolWaitMax >= 0);
                boolean queue = e.getValue().values().stream().anyMatch(b -> b.queueN > 0);
                List<String> metrics = new ArrayList<>();
                for (String m : METRICS) {
                    if ((!m.equals("db_pool_waiting_max") || db) && (!m.equals("queue_depth_mean") || queue)) {
                        metrics.add(m);
                    }
                }
                List<Incident> mine = all.stream().filter(i -> i.services().contains(service)).toList();
                StringBuilder train = new StringBuilder("timestamp," + String.join(",", metrics) + "\n");
                StringBuilder test = new StringBuilder("timestamp," + String.join(",", metrics) + ",label\n");
                for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += spanMs) {
                    boolean isTest = t >= testFrom.toEpochMilli();
                    StringBuilder sb = isTest ? test : train;
                    sb.append(TS.format(Instant.ofEpochMilli(t)));
                    Bucket b = e.getValue().get(t);
                    for (String m : metrics) {
                        double v = value(m, b);
                        sb.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v));
                    }
                    if (isTest) {
                        long tt = t;
                        boolean on = mine.stream().anyMatch(i -> tt >= i.start().toEpochMilli() && tt <= i.end().toEpochMilli());
                        sb.append(',').append(on ? 1 : 0);
                    }
                    sb.append('\n');
                }
                Files.writeString(root.resolve("train").resolve(service + ".csv"), train, StandardCharsets.UTF_8);
                Files.writeString(root.resolve("test").resolve(service + ".csv"), test, StandardCharsets.UTF_8);
                List<Incident> testMine = inTest.stream().filter(i -> i.services().contains(service)).toList();
                seg.append(firstService ? "\n" : ",\n").append("  \"test/").append(service).append(".csv\": [");
                for (int k = 0; k < testMine.size(); k++) {
                    Incident i = testMine.get(k);
                    seg.append(k == 0 ? "" : ", ").append("[\"").append(TS.format(floor(i.start(), spanMs))).append("\", \"")
                            .append(TS.format(floor(i.end(), spanMs))).append("\"]");
                }
                seg.append(']');
                firstService = false;
            }
            Files.writeString(root.resolve("labels/segments.json"), seg.append("\n}\n"), StandardCharsets.UTF_8);
            StringBuilder csv = new StringBuilder("id,kind,services,precursor_onset,start,end\n");
            for (Incident i : inTest) {
                csv.append(i.id()).append(',').append(i.kind().slug()).append(',').append(String.join(" ", i.services())).append(',')
                        .append(i.precursorOnset()).append(',').append(i.start()).append(',').append(i.end()).append('\n');
            }
            Files.writeString(root.resolve("labels/incidents.csv"), csv, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the simulated corpus under " + root, ex);
        }
        return inTest;
    }

    private static Instant floor(Instant t, long spanMs) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), spanMs) * spanMs);
    }

    private static double value(String metric, Bucket b) {
        if (b == null) {
            return switch (metric) {
                case "requests", "restarts" -> 0;
                default -> Double.NaN;
            };
        }
        return switch (metric) {
            case "requests" -> b.requests;
            case "error_ratio" -> b.requests == 0 ? Double.NaN : b.errors / (double) b.requests;
            case "latency_p95_ms" -> p95(b.latencies);
            case "heap_used_ratio" -> b.heapN == 0 ? Double.NaN : b.heapSum / b.heapN;
            case "gc_pause_ms_max" -> b.heapN == 0 ? Double.NaN : b.gcMax;
            case "db_pool_waiting_max" -> b.poolWaitMax < 0 ? Double.NaN : b.poolWaitMax;
            case "queue_depth_mean" -> b.queueN == 0 ? Double.NaN : b.queueSum / b.queueN;
            case "restarts" -> b.restarts;
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    private static double p95(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) Math.ceil(0.95 * a.length) - 1)];
    }
}
