package io.kizashi.datafeed;

import io.kizashi.core.series.SeriesKey;

import java.util.List;

/**
 * New series a pull could not take because the job already tracks max_series combinations: how many,
 * and a few of them (entity keys with the first metric) to say which.
 */
public record RefusedSeries(int count, List<SeriesKey> sample) {

    public static final RefusedSeries NONE = new RefusedSeries(0, List.of());

    public RefusedSeries {
        sample = List.copyOf(sample);
    }
}
