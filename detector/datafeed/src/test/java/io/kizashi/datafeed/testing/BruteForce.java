package io.kizashi.datafeed.testing;

import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.Bucket;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A job that uses every metric function, and its answer computed directly from the documents in Java
 * (no Elasticsearch): the reference the datafeed's output must equal.
 */
public final class BruteForce {

    /** The metrics of {@link #job}: every function, with and without filters. */
    public static final List<String> METRICS = List.of("requests", "errors", "rps", "bytes_rate", "dur_mean", "dur_min", "dur_max",
        "bytes_sum", "bytes_nn", "p50", "p95", "p99", "p95_get", "tenants", "err_ratio", "get_err_ratio");

    private static final Predicate<Doc> ERROR = d -> d.status() >= 500;
    private static final Predicate<Doc> GET = d -> d.method().equals("GET");

    private BruteForce() {
    }

    /** The test job over {@code <prefix>*}, split by {@code split} (0 to 2 of svc, pod), with the given tuning. */
    public static JobSpec job(String id, String prefix, List<String> split, Instant start, String extra) {
        String yaml = """
            job_id: %s
            source:
              indices: ["%s*"]
              filter: {term: {kind: request}}
              bucket_span: 5m
              query_delay: 1m
              start: %s
            split: {by: %s}
            metrics:
              - {name: requests, function: count}
              - {name: errors, function: non_zero_count, filter: {range: {status: {gte: 500}}}}
              - {name: rps, function: rate}
              - {name: bytes_rate, function: rate, field: bytes}
              - {name: dur_mean, function: mean, field: dur}
              - {name: dur_min, function: min, field: dur}
              - {name: dur_max, function: max, field: dur}
              - {name: bytes_sum, function: sum, field: bytes}
              - {name: bytes_nn, function: non_null_sum, field: bytes}
              - {name: p50, function: percentile, field: dur, percentile: 50}
              - {name: p95, function: percentile, field: dur, percentile: 95}
              - {name: p99, function: percentile, field: dur, percentile: 99}
              - {name: p95_get, function: percentile, field: dur, percentile: 95, filter: {term: {method: GET}}}
              - {name: tenants, function: distinct_count, field: tenant}
              - {name: err_ratio, function: ratio, numerator: {range: {status: {gte: 500}}}}
              - {name: get_err_ratio, function: ratio, numerator: {range: {status: {gte: 500}}}, denominator: {term: {method: GET}}}
            %s
            """.formatted(id, prefix, start, split, extra);
        return Jobs.parse(yaml, id + ".yaml");
    }

    /**
     * The buckets every series must get over [from, to): a split series from its first bucket with
     * documents to the end of the range (series_ttl is long), the unsplit one over the whole range.
     */
    public static Map<SeriesKey, List<Bucket>> expected(JobSpec job, List<Doc> docs, Instant from, Instant to) {
        long span = job.source().bucketSpan().toMillis();
        int n = (int) ((to.toEpochMilli() - from.toEpochMilli()) / span);
        List<String> split = job.split().fields();
        Map<List<String>, List<List<Doc>>> byEntity = new TreeMap<>(io.kizashi.datafeed.checkpoint.DatafeedState.KEY_ORDER);
        if (split.isEmpty()) {
            byEntity.put(List.of(), emptyBuckets(n));
        }
        for (Doc d : docs) {
            if (!d.kind().equals("request") || d.ts() < from.toEpochMilli() || d.ts() >= to.toEpochMilli()) {
                continue;
            }
            List<String> key = new ArrayList<>();
            for (String f : split) {
                key.add(f.equals("svc") ? d.svc() : d.pod());
            }
            if (key.contains(null)) {
                continue;
            }
            byEntity.computeIfAbsent(key, k -> emptyBuckets(n)).get((int) ((d.ts() - from.toEpochMilli()) / span)).add(d);
        }
        Map<SeriesKey, List<Bucket>> out = new LinkedHashMap<>();
        byEntity.forEach((key, buckets) -> {
            int first = 0;
            while (!split.isEmpty() && buckets.get(first).isEmpty()) {
                first++;
            }
            Map<String, String> splits = new LinkedHashMap<>();
            for (int i = 0; i < split.size(); i++) {
                splits.put(split.get(i), key.get(i));
            }
            for (String metric : METRICS) {
                List<Bucket> seq = new ArrayList<>();
                for (int t = first; t < n; t++) {
                    seq.add(bucket(metric, Instant.ofEpochMilli(from.toEpochMilli() + t * span), buckets.get(t),
                        job.source().bucketSpan()));
                }
                out.put(new SeriesKey(job.id(), metric, splits), seq);
            }
        });
        return out;
    }

    private static List<List<Doc>> emptyBuckets(int n) {
        List<List<Doc>> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(new ArrayList<>());
        }
        return b;
    }

    static Bucket bucket(String metric, Instant start, List<Doc> d, Duration span) {
        double seconds = span.toSeconds();
        List<Doc> errors = d.stream().filter(ERROR).toList();
        List<Doc> gets = d.stream().filter(GET).toList();
        List<Long> bytes = d.stream().map(Doc::bytes).filter(java.util.Objects::nonNull).toList();
        return switch (metric) {
            case "requests" -> new Bucket(start, d.size(), d.size());
            case "errors" -> new Bucket(start, errors.isEmpty() ? Double.NaN : errors.size(), errors.size());
            case "rps" -> new Bucket(start, d.size() / seconds, d.size());
            case "bytes_rate" -> new Bucket(start, bytes.stream().mapToLong(Long::longValue).sum() / seconds, d.size());
            case "dur_mean" -> new Bucket(start, d.isEmpty() ? Double.NaN : d.stream().mapToLong(Doc::dur).sum() / (double) d.size(), d.size());
            case "dur_min" -> new Bucket(start, d.stream().mapToLong(Doc::dur).min().stream().asDoubleStream().findFirst().orElse(Double.NaN), d.size());
            case "dur_max" -> new Bucket(start, d.stream().mapToLong(Doc::dur).max().stream().asDoubleStream().findFirst().orElse(Double.NaN), d.size());
            case "bytes_sum" -> new Bucket(start, bytes.stream().mapToLong(Long::longValue).sum(), d.size());
            case "bytes_nn" -> new Bucket(start, bytes.isEmpty() ? Double.NaN : bytes.stream().mapToLong(Long::longValue).sum(), d.size());
            case "p50" -> new Bucket(start, percentile(d, Doc::dur, 50), d.size());
            case "p95" -> new Bucket(start, percentile(d, Doc::dur, 95), d.size());
            case "p99" -> new Bucket(start, percentile(d, Doc::dur, 99), d.size());
            case "p95_get" -> new Bucket(start, percentile(gets, Doc::dur, 95), gets.size());
            case "tenants" -> new Bucket(start, new HashSet<>(d.stream().map(Doc::tenant).toList()).size(), d.size());
            case "err_ratio" -> new Bucket(start, d.isEmpty() ? Double.NaN : errors.size() / (double) d.size(), d.size());
            case "get_err_ratio" -> new Bucket(start, gets.isEmpty() ? Double.NaN
                : gets.stream().filter(ERROR).count() / (double) gets.size(), gets.size());
            default -> throw new IllegalArgumentException(metric);
        };
    }

    /** The exact percentile by linear interpolation between order statistics (what Elasticsearch's t-digest gives for small samples). */
    static double percentile(List<Doc> docs, Function<Doc, Long> field, double percent) {
        if (docs.isEmpty()) {
            return Double.NaN;
        }
        double[] v = docs.stream().mapToDouble(x -> field.apply(x)).sorted().toArray();
        double index = percent / 100 * (v.length - 1);
        int low = (int) Math.floor(index);
        int high = Math.min(low + 1, v.length - 1);
        double weight = index - low;
        return v[low] + weight * (v[high] - v[low]);
    }

    /** Asserts that two bucket lists are equal: same starts, doc counts, and values (NaN = NaN; 1e-9 relative). */
    public static void assertSameBuckets(SeriesKey key, List<Bucket> expected, List<Bucket> actual) {
        if (expected.size() != actual.size()) {
            throw new AssertionError(key + ": expected " + expected.size() + " buckets from " + first(expected) + ", got "
                + actual.size() + " from " + first(actual));
        }
        for (int i = 0; i < expected.size(); i++) {
            Bucket e = expected.get(i);
            Bucket a = actual.get(i);
            boolean same = e.start().equals(a.start()) && e.docCount() == a.docCount()
                && (Double.isNaN(e.value()) ? Double.isNaN(a.value())
                : Math.abs(e.value() - a.value()) <= 1e-9 * Math.max(1, Math.abs(e.value())));
            if (!same) {
                throw new AssertionError(key + " bucket " + i + ": expected " + e + ", got " + a);
            }
        }
    }

    private static Object first(List<Bucket> b) {
        return b.isEmpty() ? "(none)" : b.getFirst().start();
    }
}
