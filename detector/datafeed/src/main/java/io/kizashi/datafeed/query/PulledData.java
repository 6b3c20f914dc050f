package io.kizashi.datafeed.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw answer of one pull over {@code buckets} consecutive buckets from {@code fromMs}: per entity
 * (a combination of split values) the buckets that had documents and the metric values in them, plus
 * the job-wide document total per bucket. Buckets without documents are simply absent here; making
 * them explicit is the datafeed's job.
 */
public final class PulledData {

    private final long fromMs;
    private final long spanMs;
    private final int buckets;
    private final int metrics;
    private final long[] totals;
    private final Map<List<String>, Entity> entities = new LinkedHashMap<>();

    public PulledData(Instant from, Duration span, int buckets, int metrics) {
        if (buckets < 1 || metrics < 1) {
            throw new IllegalArgumentException("need at least one bucket and one metric, got " + buckets + " and " + metrics);
        }
        this.fromMs = from.toEpochMilli();
        this.spanMs = span.toMillis();
        this.buckets = buckets;
        this.metrics = metrics;
        this.totals = new long[buckets];
    }

    /** One combination of split values and what its documents gave per bucket. */
    public final class Entity {
        private final List<String> key;
        private final long[] docs = new long[buckets];
        private final double[][] values = new double[metrics][];
        private final long[][] metricDocs = new long[metrics][];
        private int firstSeen = -1;
        private int lastSeen = -1;

        Entity(List<String> key) {
            this.key = List.copyOf(key);
            for (int m = 0; m < metrics; m++) {
                values[m] = new double[buckets];
                Arrays.fill(values[m], Double.NaN);
                metricDocs[m] = new long[buckets];
            }
        }

        public List<String> key() {
            return key;
        }

        /** True when the bucket had documents of this entity. */
        public boolean seen(int t) {
            return docs[t] > 0;
        }

        /** Index of the first bucket with documents, or -1. */
        public int firstSeen() {
            return firstSeen;
        }

        /** Index of the last bucket with documents, or -1. */
        public int lastSeen() {
            return lastSeen;
        }

        public long docs(int t) {
            return docs[t];
        }

        public double value(int metric, int t) {
            return values[metric][t];
        }

        /** Documents the metric's value was computed from (after its filter; a ratio's denominator). */
        public long metricDocs(int metric, int t) {
            return metricDocs[metric][t];
        }

        void markSeen(int t, long docCount) {
            docs[t] += docCount;
            if (docCount > 0 && (firstSeen < 0 || t < firstSeen)) {
                firstSeen = t;
            }
            if (docCount > 0 && t > lastSeen) {
                lastSeen = t;
            }
        }

        void set(int metric, int t, double value, long docCount) {
            values[metric][t] = value;
            metricDocs[metric][t] = docCount;
        }
    }

    Entity entity(List<String> key) {
        return entities.computeIfAbsent(key, Entity::new);
    }

    void addTotal(int t, long count) {
        totals[t] += count;
    }

    public Map<List<String>, Entity> entities() {
        return entities;
    }

    /** Documents of the job (after its filter, whether or not they belong to a series) in bucket t. */
    public long total(int t) {
        return totals[t];
    }

    public long fromMs() {
        return fromMs;
    }

    public long spanMs() {
        return spanMs;
    }

    public int buckets() {
        return buckets;
    }

    public int metrics() {
        return metrics;
    }
}
