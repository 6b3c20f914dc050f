package io.kizashi.datafeed.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a job's datafeed needs to continue exactly where it stopped; stored as one document per
 * job, so it is replaced atomically. Plain data: {@link StateMapper} turns it into JSON and back.
 *
 * @param version          format version ({@link StateMapper#VERSION} when written by this code)
 * @param jobId            the job
 * @param bucketSpan       the span the checkpoint is aligned to
 * @param splitFields      the split fields the series keys are made of
 * @param fingerprint      {@link io.kizashi.datafeed.job.JobSpec#dataFingerprint()} of the job that wrote it
 * @param backfillStart    where the first backfill started
 * @param checkpoint       end of the last handed-on bucket: the next pull starts here
 * @param series           the known series (split values, in order of the split fields) and when they had documents
 * @param recentCounts     per-bucket document totals (bucket start ms to count) as pulled, for the late-data check
 * @param lastDelayedCheck data time of the last late-data check, or null
 * @param pendingRevisions ranges whose late documents still have to be re-pulled (rescore), oldest first
 * @param commits          how many times this state was committed (a sequence for the writer check)
 * @param writer           id of the datafeed instance that wrote it
 * @param updatedAt        clock time of the write
 */
public record DatafeedState(int version, String jobId, Duration bucketSpan, List<String> splitFields, String fingerprint,
                            Instant backfillStart, Instant checkpoint, SortedMap<List<String>, SeriesSeen> series,
                            SortedMap<Long, Long> recentCounts, Instant lastDelayedCheck, List<TimeRange> pendingRevisions,
                            long commits, String writer, Instant updatedAt) {

    /** Orders series keys field by field, so listings and batches come out in one stable order. */
    public static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    public DatafeedState {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(bucketSpan, "bucketSpan");
        splitFields = List.copyOf(splitFields);
        Objects.requireNonNull(backfillStart, "backfillStart");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (checkpoint.isBefore(backfillStart)) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " is before the backfill start " + backfillStart);
        }
        long span = bucketSpan.toMillis();
        if (checkpoint.toEpochMilli() % span != 0 || backfillStart.toEpochMilli() % span != 0) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " or backfill start " + backfillStart
                + " is not aligned to bucket_span " + bucketSpan);
        }
        TreeMap<List<String>, SeriesSeen> s = new TreeMap<>(KEY_ORDER);
        for (var e : series.entrySet()) {
            if (e.getKey().size() != splitFields.size()) {
                throw new IllegalArgumentException("series key " + e.getKey() + " does not match split fields " + splitFields);
            }
            s.put(List.copyOf(e.getKey()), e.getValue());
        }
        series = Collections.unmodifiableSortedMap(s);
        recentCounts = Collections.unmodifiableSortedMap(new TreeMap<>(recentCounts));
        pendingRevisions = List.copyOf(pendingRevisions);
    }

    /** The state of a job that has not pulled anything yet. */
    public static DatafeedState initial(String jobId, Duration bucketSpan, List<String> splitFields, String fingerprint,
                                        Instant backfillStart, String writer, Instant now) {
        return new DatafeedState(StateMapper.VERSION, jobId, bucketSpan, splitFields, fingerprint, backfillStart, backfillStart,
            new TreeMap<>(KEY_ORDER), new TreeMap<>(), null, List.of(), 0, writer, now);
    }

    /** This state after one more commit by {@code writer}. */
    public DatafeedState next(Instant newCheckpoint, SortedMap<List<String>, SeriesSeen> newSeries, SortedMap<Long, Long> counts,
                              Instant delayedCheck, List<TimeRange> revisions, String newWriter, Instant now) {
        return new DatafeedState(StateMapper.VERSION, jobId, bucketSpan, splitFields, fingerprint, backfillStart, newCheckpoint,
            newSeries, counts, delayedCheck, revisions, commits + 1, newWriter, now);
    }

    /** The same state under another job fingerprint (after the job was edited). */
    public DatafeedState withFingerprint(String f) {
        return new DatafeedState(version, jobId, bucketSpan, splitFields, f, backfillStart, checkpoint, series, recentCounts,
            lastDelayedCheck, pendingRevisions, commits, writer, updatedAt);
    }
}
