package io.kizashi.datafeed;

import io.kizashi.core.series.SeriesKey;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one pull gives: for each series, its dense buckets in the cycle's range, plus what the pull
 * noticed on the way.
 *
 * <p>Series come sorted by split values, then in the job's metric order. A split job's series starts at
 * its first bucket with documents and continues with explicit empty buckets until it has had no
 * documents for series_ttl; an unsplit job's one entity covers every bucket from the backfill start.
 *
 * @param cycle        the cycle pulled
 * @param bucketSpan   the job's bucket span
 * @param series       the series and their buckets (a series may appear twice if it expired and came back
 *                     within the range; its runs do not overlap)
 * @param delayedData  buckets handed on earlier that have since received late documents (from the
 *                     late-data check, when it ran in this cycle); empty otherwise
 * @param refused      new series not taken because of max_series
 * @param requests     Elasticsearch requests this pull needed (retries included)
 * @param pullMillis   wall time of the pull, for logs and metrics
 * @param searchMillis time Elasticsearch reported spending on the searches ("took"), the rest being
 *                     transfer and reading on this side
 */
public record BucketBatch(Cycle cycle, Duration bucketSpan, List<SeriesBuckets> series, List<DelayedData> delayedData,
                          RefusedSeries refused, long requests, long pullMillis, long searchMillis) {

    public BucketBatch {
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(bucketSpan, "bucketSpan");
        series = List.copyOf(series);
        delayedData = List.copyOf(delayedData);
        Objects.requireNonNull(refused, "refused");
    }

    /** True for a revision batch: re-pulled buckets that were handed on before (rewrite, do not re-learn). */
    public boolean revision() {
        return cycle.kind() == Cycle.Kind.REVISION;
    }

    /** The buckets of one series (the first run when it has several), or null. */
    public SeriesBuckets get(SeriesKey key) {
        for (SeriesBuckets s : series) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** Total buckets over all series (series x buckets). */
    public long bucketCount() {
        long n = 0;
        for (SeriesBuckets s : series) {
            n += s.size();
        }
        return n;
    }
}
