package io.kizashi.datafeed.testing;

import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.Bucket;
import io.kizashi.datafeed.BucketBatch;
import io.kizashi.datafeed.SeriesBuckets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A consumer that records every bucket handed on, per series, in arrival order, and remembers
 * re-deliveries (same series and bucket start) separately.
 */
public final class Collector implements Consumer<BucketBatch> {

    /** One delivery of a bucket. */
    public record Delivery(SeriesKey key, Bucket bucket, boolean revision) {
    }

    private final Map<SeriesKey, List<Bucket>> sequences = new TreeMap<>(java.util.Comparator.comparing(SeriesKey::canonical));
    private final List<Delivery> redelivered = new ArrayList<>();
    private final List<BucketBatch> batches = new ArrayList<>();

    @Override
    public void accept(BucketBatch batch) {
        batches.add(batch);
        for (SeriesBuckets s : batch.series()) {
            List<Bucket> seq = sequences.computeIfAbsent(s.key(), k -> new ArrayList<>());
            for (Bucket b : s.buckets()) {
                boolean seen = seq.stream().anyMatch(x -> x.start().equals(b.start()));
                if (seen || batch.revision()) {
                    redelivered.add(new Delivery(s.key(), b, batch.revision()));
                } else {
                    seq.add(b);
                }
            }
        }
    }

    /** Buckets per series in the order they were first delivered. */
    public Map<SeriesKey, List<Bucket>> sequences() {
        return sequences;
    }

    public List<Delivery> redelivered() {
        return redelivered;
    }

    public List<BucketBatch> batches() {
        return batches;
    }

    /** Every series' first deliveries are consecutive buckets of the span (no gap, no duplicate, in order). */
    public static void assertContiguous(Map<SeriesKey, List<Bucket>> sequences, Duration span) {
        sequences.forEach((key, seq) -> {
            for (int i = 1; i < seq.size(); i++) {
                Instant prev = seq.get(i - 1).start();
                Instant cur = seq.get(i).start();
                if (!cur.equals(prev.plus(span))) {
                    throw new AssertionError(key + ": bucket " + cur + " follows " + prev + " (expected " + prev.plus(span) + ")");
                }
            }
        });
    }
}
