package io.kizashi.datafeed;

import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.checkpoint.DatafeedState;
import io.kizashi.datafeed.checkpoint.SeriesSeen;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.MetricSpec;
import io.kizashi.datafeed.query.PulledData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a pull's raw answer into dense series, using and updating the registry of known series.
 *
 * <p>Rules, all on data time (bucket starts), so the outcome does not depend on when or in how many
 * chunks a range is pulled: a split job's series begins at its first bucket with documents; from then
 * on every bucket is emitted, empty ones with the metric's empty value, while the bucket starts less than
 * series_ttl after the series' latest bucket with documents; after that it is forgotten (and starts
 * afresh if documents come back). New series are admitted in order of their first bucket, then of their
 * split values, while the registry holds fewer than max_series; the others are refused and counted.
 * An unsplit job has one series that covers every bucket.
 */
final class SeriesAssembler {

    private static final int REFUSED_SAMPLE = 5;

    /** The outcome: series to hand on, refused newcomers, and the registry after this range. */
    record Assembled(List<SeriesBuckets> series, RefusedSeries refused, SortedMap<List<String>, SeriesSeen> registry) {
    }

    private final JobSpec job;
    private final long spanMs;
    private final long ttlMs;

    SeriesAssembler(JobSpec job) {
        this.job = job;
        this.spanMs = job.source().bucketSpan().toMillis();
        this.ttlMs = job.split().seriesTtl().toMillis();
    }

    Assembled assemble(DatafeedState state, PulledData data, boolean revision) {
        int n = data.buckets();
        long from = data.fromMs();
        List<SeriesBuckets> out = new ArrayList<>();
        if (!job.split().isSplit()) {
            PulledData.Entity e = data.entities().get(List.of());
            emit(out, List.of(), e, 0, n, from);
            return new Assembled(out, RefusedSeries.NONE, new TreeMap<>(DatafeedState.KEY_ORDER));
        }
        SortedMap<List<String>, SeriesSeen> registry = new TreeMap<>(DatafeedState.KEY_ORDER);
        // Entries that expired before this range (normally removed at the previous commit already).
        for (Map.Entry<List<String>, SeriesSeen> en : state.series().entrySet()) {
            if (revision || en.getValue().lastMs() + ttlMs > from) {
                registry.put(en.getKey(), en.getValue());
            }
        }
        // Newcomers in order of first bucket, then of split values: deterministic admission.
        List<PulledData.Entity> newcomers = new ArrayList<>();
        for (PulledData.Entity e : data.entities().values()) {
            if (e.firstSeen() >= 0 && !registry.containsKey(e.key())) {
                newcomers.add(e);
            }
        }
        newcomers.sort(Comparator.comparingInt(PulledData.Entity::firstSeen)
            .thenComparing(PulledData.Entity::key, DatafeedState.KEY_ORDER));
        int capacity = Math.max(0, job.split().maxSeries() - registry.size());
        Map<List<String>, PulledData.Entity> admitted = new HashMap<>();
        List<SeriesKey> refusedSample = new ArrayList<>();
        int refused = 0;
        for (PulledData.Entity e : newcomers) {
            if (admitted.size() < capacity) {
                admitted.put(e.key(), e);
            } else {
                if (refusedSample.size() < REFUSED_SAMPLE) {
                    refusedSample.add(new SeriesKey(job.id(), job.metrics().getFirst().name(), splits(e.key())));
                }
                refused++;
            }
        }
        TreeSet<List<String>> keys = new TreeSet<>(DatafeedState.KEY_ORDER);
        keys.addAll(registry.keySet());
        keys.addAll(admitted.keySet());
        SortedMap<List<String>, SeriesSeen> next = new TreeMap<>(DatafeedState.KEY_ORDER);
        long end = from + n * spanMs;
        for (List<String> key : keys) {
            PulledData.Entity e = data.entities().get(key);
            SeriesSeen seen = registry.get(key);
            if (revision) {
                long first = seen != null ? seen.firstMs() : from + e.firstSeen() * spanMs;
                int start = first <= from ? 0 : (int) ((first - from) / spanMs);
                if (start < n) {
                    emit(out, key, e, start, n, from);
                }
                long last = seen != null ? seen.lastMs() : first;
                if (e != null && e.lastSeen() >= 0) {
                    last = Math.max(last, from + e.lastSeen() * spanMs);
                }
                next.put(key, new SeriesSeen(first, last));
                continue;
            }
            long first = seen != null ? seen.firstMs() : Long.MIN_VALUE;
            long last = seen != null ? seen.lastMs() : Long.MIN_VALUE;
            int runStart = -1;
            for (int t = 0; t < n; t++) {
                long bucket = from + t * spanMs;
                if (e != null && e.seen(t)) {
                    last = bucket;
                    if (first == Long.MIN_VALUE) {
                        first = bucket;
                    }
                }
                boolean alive = last != Long.MIN_VALUE && bucket < last + ttlMs;
                if (alive && runStart < 0) {
                    runStart = t;
                } else if (!alive && runStart >= 0) {
                    emit(out, key, e, runStart, t, from);
                    runStart = -1;
                }
            }
            if (runStart >= 0) {
                emit(out, key, e, runStart, n, from);
            }
            if (last != Long.MIN_VALUE && last + ttlMs > end) {
                // Still alive at the first bucket of the next range: keep it.
                next.put(key, new SeriesSeen(first, last));
            }
        }
        return new Assembled(out, new RefusedSeries(refused, refusedSample), next);
    }

    /** Adds one series per metric for buckets [start, end) of the range. */
    private void emit(List<SeriesBuckets> out, List<String> key, PulledData.Entity e, int start, int end, long from) {
        Map<String, String> splits = splits(key);
        Instant first = Instant.ofEpochMilli(from + start * spanMs);
        Duration span = job.source().bucketSpan();
        List<MetricSpec> metrics = job.metrics();
        for (int m = 0; m < metrics.size(); m++) {
            MetricSpec metric = metrics.get(m);
            int len = end - start;
            double[] values = new double[len];
            long[] docs = new long[len];
            double empty = metric.emptyValue();
            Arrays.fill(values, empty);
            if (e != null) {
                for (int t = start; t < end; t++) {
                    if (e.seen(t)) {
                        values[t - start] = e.value(m, t);
                        docs[t - start] = e.metricDocs(m, t);
                    }
                }
            }
            out.add(new SeriesBuckets(new SeriesKey(job.id(), metric.name(), splits), metric.valueKind(), first, span, values, docs));
        }
    }

    private Map<String, String> splits(List<String> key) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            m.put(job.split().fields().get(i), key.get(i));
        }
        return m;
    }
}
