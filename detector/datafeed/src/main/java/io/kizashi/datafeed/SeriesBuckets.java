package io.kizashi.datafeed;

import io.kizashi.core.model.ValueKind;
import io.kizashi.core.series.SeriesKey;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Consecutive buckets of one series (one metric of one combination of split values): dense, one per
 * bucket span from {@link #start()}, with explicit empty buckets (value 0 or missing, per the metric).
 * Values are held in arrays; {@link #buckets()} is a view.
 */
public final class SeriesBuckets {

    private final SeriesKey key;
    private final ValueKind valueKind;
    private final Instant start;
    private final Duration span;
    private final double[] values;
    private final long[] docCounts;

    public SeriesBuckets(SeriesKey key, ValueKind valueKind, Instant start, Duration span, double[] values, long[] docCounts) {
        this.key = Objects.requireNonNull(key, "key");
        this.valueKind = Objects.requireNonNull(valueKind, "valueKind");
        this.start = Objects.requireNonNull(start, "start");
        this.span = Objects.requireNonNull(span, "span");
        if (values.length == 0 || values.length != docCounts.length) {
            throw new IllegalArgumentException("need as many values as doc counts, and at least one; got "
                + values.length + " and " + docCounts.length);
        }
        this.values = values.clone();
        this.docCounts = docCounts.clone();
    }

    public SeriesKey key() {
        return key;
    }

    /** What the values mean for the detection core (count, ratio, gauge). */
    public ValueKind valueKind() {
        return valueKind;
    }

    /** Start of the first bucket. */
    public Instant start() {
        return start;
    }

    /** End of the last bucket (exclusive). */
    public Instant end() {
        return start.plus(span.multipliedBy(values.length));
    }

    public Duration span() {
        return span;
    }

    public int size() {
        return values.length;
    }

    public Instant start(int i) {
        return start.plus(span.multipliedBy(Objects.checkIndex(i, values.length)));
    }

    /** Value of bucket i; NaN when missing. */
    public double value(int i) {
        return values[i];
    }

    public long docCount(int i) {
        return docCounts[i];
    }

    public Bucket bucket(int i) {
        return new Bucket(start(i), values[i], docCounts[i]);
    }

    /** The buckets as a list view. */
    public List<Bucket> buckets() {
        return new AbstractList<>() {
            @Override
            public Bucket get(int index) {
                return bucket(index);
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** A copy of the values (NaN = missing). */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesBuckets s && s.key.equals(key) && s.valueKind == valueKind && s.start.equals(start)
            && s.span.equals(span) && Arrays.equals(s.values, values) && Arrays.equals(s.docCounts, docCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, start, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return key + " [" + start + ", " + end() + ") " + values.length + " buckets";
    }
}
