package io.kizashi.service.pipeline;

import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.MetricFunction;
import io.kizashi.datafeed.job.MetricSpec;
import io.kizashi.results.SampleSpec;
import io.kizashi.service.scoring.SeriesScorer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the service holds for one job: its spec, datafeed, series models, the latest score of each
 * series (for the API and the metrics), and whether a cycle is in flight. A job has at most one cycle in
 * flight: that is the back-pressure between stages and what keeps its buckets in order.
 */
public final class JobRuntime {

    /** The latest judgement of a series, for listing and gauges. */
    public record Latest(Instant bucket, double score, boolean anomalous) {
    }

    private final JobSpec spec;
    private volatile Datafeed datafeed;
    private volatile SeriesScorer scorer;
    // false while the job runs on another replica (cluster mode): no cycle starts here
    private volatile boolean active = true;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final Map<SeriesKey, Latest> latest = new ConcurrentHashMap<>();
    private volatile String lastError;
    private volatile Instant lastData;
    // the last cycle failed: the models are to be restored from the stored states before the next one
    private volatile boolean rollbackPending;

    public JobRuntime(JobSpec spec, Datafeed datafeed) {
        this.spec = spec;
        this.datafeed = datafeed;
        this.scorer = new SeriesScorer(spec.id(), this::modelConfig);
    }

    public String id() {
        return spec.id();
    }

    public JobSpec spec() {
        return spec;
    }

    public Datafeed datafeed() {
        return datafeed;
    }

    public SeriesScorer scorer() {
        return scorer;
    }

    /** Claims the job for one cycle; false if a cycle is already in flight or the job is not active here. */
    boolean tryStart() {
        if (!inFlight.compareAndSet(false, true)) {
            return false;
        }
        // checked after the claim: deactivate() followed by !busy() then means no cycle can start any more
        if (!active) {
            inFlight.set(false);
            return false;
        }
        return true;
    }

    /** False while the job belongs to another replica (cluster mode); always true with one replica. */
    public boolean active() {
        return active;
    }

    /** Stops starting cycles here; the one in flight (see {@link #busy()}) goes on to its end. */
    public void deactivate() {
        active = false;
    }

    /**
     * Replaces the series models by an empty scorer to restore into (see {@link JobStateStore#rollback}); called by
     * the job's cycle slot only, so no scoring runs meanwhile. The latest scores stay (the restored models will
     * score the same buckets again).
     */
    boolean rollbackPending() {
        return rollbackPending;
    }

    void rollbackPending(boolean pending) {
        rollbackPending = pending;
    }

    SeriesScorer replaceScorer() {
        scorer = new SeriesScorer(spec.id(), this::modelConfig);
        return scorer;
    }

    /**
     * Cluster mode, while inactive and idle: replaces the datafeed (a new one reads the checkpoint anew)
     * and the series models (the returned scorer is empty: restore into it), and forgets the latest scores.
     */
    public SeriesScorer reset(Datafeed fresh) {
        if (active) {
            throw new IllegalStateException("job " + id() + " must be inactive (and its last cycle over) to be reset");
        }
        datafeed = fresh;
        scorer = new SeriesScorer(spec.id(), this::modelConfig);
        latest.clear();
        lastError = null;
        lastData = null;
        return scorer;
    }

    /** Starts cycles here again (after {@link #reset} and the restore). */
    public void activate() {
        active = true;
    }

    void finish() {
        inFlight.set(false);
    }

    public boolean busy() {
        return inFlight.get();
    }

    public Map<SeriesKey, Latest> latest() {
        return latest;
    }

    void record(SeriesKey key, Latest l) {
        latest.put(key, l);
    }

    /** End of the newest bucket that had documents (for "no data" health alerts), or null. */
    public Instant lastData() {
        return lastData;
    }

    void sawData(Instant end) {
        if (lastData == null || end.isAfter(lastData)) {
            lastData = end;
        }
    }

    public String lastError() {
        return lastError;
    }

    void lastError(String e) {
        lastError = e;
    }

    /** A series of this job by its id (from the models held), if known. */
    public Optional<SeriesKey> series(String seriesId) {
        for (SeriesKey k : scorer.models().keySet()) {
            if (k.id().equals(seriesId)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public Optional<MetricSpec> metric(SeriesKey key) {
        return spec.metric(key.metric());
    }

    /** The core model configuration of a series, from its metric's settings. */
    public ModelConfig modelConfig(SeriesKey key) {
        MetricSpec m = spec.metric(key.metric()).orElseThrow(() ->
                new IllegalArgumentException("job " + spec.id() + " has no metric " + key.metric()));
        return m.modelConfig(spec.source().bucketSpan(), spec.calendar());
    }

    /**
     * How to find sample requests of a series: the job's indices, filter and split values; the metric's own
     * filter (for a ratio: its numerator, i.e. the failing requests); slowest first for a field metric.
     */
    public SampleSpec sampleSpec(SeriesKey key) {
        MetricSpec m = spec.metric(key.metric()).orElse(null);
        if (m == null) {
            return null;
        }
        String extra = m.function() == MetricFunction.RATIO ? json(m.numerator()) : json(m.filter());
        boolean fieldMetric = m.field() != null && m.function() != MetricFunction.DISTINCT_COUNT;
        return new SampleSpec(List.copyOf(spec.source().indices()), spec.source().timeField(), json(spec.source().filter()),
                new HashMap<>(key.splits()), extra, fieldMetric ? m.field() : null, true, SampleSpec.DEFAULT_ID_FIELD, 5);
    }

    private static String json(io.kizashi.datafeed.job.QueryDsl q) {
        return q == null ? null : q.json();
    }
}
