package io.kizashi.datafeed;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.kizashi.datafeed.checkpoint.CheckpointStore;
import io.kizashi.datafeed.checkpoint.DatafeedState;
import io.kizashi.datafeed.checkpoint.SeriesSeen;
import io.kizashi.datafeed.checkpoint.TimeRange;
import io.kizashi.datafeed.job.Durations;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.query.PullQuery;
import io.kizashi.datafeed.query.PulledData;
import io.kizashi.datafeed.query.RequestFailure;
import io.kizashi.datafeed.query.Searcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The datafeed of one job: pulls its complete buckets from Elasticsearch, one cycle at a time, and keeps
 * its checkpoint in the state index. It owns no thread and reads "now" (data time) only from the injected
 * {@link Clock}, and how long its own work takes only from the options' monotonic clock
 * ({@link DatafeedOptions#nanoTime}); the caller drives it (e.g. from a worker, every second):
 *
 * <pre>{@code
 * Optional<Cycle> c = feed.nextCycle();          // nothing due, or paused: empty
 * if (c.isPresent()) {
 *     Optional<BucketBatch> b = feed.pull(c.get());   // empty when Elasticsearch failed: see status()
 *     if (b.isPresent()) {
 *         handOn(b.get());                           // score, write results ...
 *         feed.commit(c.get());                      // persists the checkpoint: c.to()
 *     }
 * }
 * }</pre>
 *
 * <h2>Consumer contract</h2>
 * <ul>
 *   <li><b>Order and completeness.</b> BACKFILL and LIVE cycles cover consecutive ranges: each starts
 *       exactly where the last committed one ended, from the backfill start on, so the buckets of a series
 *       come in time order with no gap. Only complete buckets are pulled (end at or before
 *       {@code now - query_delay}); empty buckets are explicit.</li>
 *   <li><b>At-least-once.</b> The checkpoint moves only when {@link #commit} succeeds. If the process stops,
 *       or the commit fails, after a batch was handed on, the same range is pulled and handed on again
 *       (with the same values unless late documents arrived). Consumers must therefore be idempotent per
 *       (SeriesKey, bucket start): write results under deterministic ids, and let a model skip a bucket at
 *       or before the last one it has observed (the core's SeriesModel refuses such buckets anyway).
 *       Committing only after handing on means a crash never loses a bucket.</li>
 *   <li><b>Pull is free of side effects</b> on what is persisted: it may be repeated, and a batch that is not
 *       committed (the consumer failed) is simply pulled again by the next cycle.</li>
 *   <li><b>Revisions.</b> With {@code delayed_data_check.rescore}, a REVISION cycle re-delivers buckets that
 *       were already committed, because late documents changed them ({@link BucketBatch#revision()}). Rewrite
 *       stored results; do not feed them to models as new observations.</li>
 *   <li><b>Failures.</b> Elasticsearch trouble never throws: {@link #pull} or {@link #commit} return empty/false,
 *       the job is PAUSED with the error and a next attempt time (growing backoff, capped), and
 *       {@link #nextCycle} returns nothing until then. One job's trouble does not touch other jobs. Only misuse
 *       (pulling a cycle that was not planned) throws.</li>
 *   <li><b>Restart</b> = create a new Datafeed for the job: it reads the checkpoint and continues exactly after it.</li>
 * </ul>
 * Methods are synchronized; {@link #status()} does not wait for a running pull.
 */
public final class Datafeed {

    private static final System.Logger LOG = System.getLogger(Datafeed.class.getName());
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;

    private final JobSpec job;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PullQuery query;
    private final Searcher searcher;
    private final CheckpointStore store;
    private final SeriesAssembler assembler;
    private final String writer = UUID.randomUUID().toString();
    private final long spanMs;

    private CheckpointStore.Stored stored;
    private Cycle planned;
    private int plannedPageSize;
    private Pending pending;
    private int bucketBudget;

    private String fatal;
    private String lastError;
    private Instant lastErrorAt;
    private Instant pausedUntil;
    private int failures;

    private long cyclesCommitted;
    private long bucketsEmitted;
    private long refusedSeries;
    private long delayedBuckets;
    private long delayedDocuments;

    private long paceStartNanos = -1;
    private long paceBuckets;
    private long lastProgressLogNanos;
    private int lastProgressDecile = -1;
    // monotonic time of the last progress (see sinceProgress); read without the lock
    private volatile long progressNanos;
    // the smallest lag (data time, ms) a commit has left since the datafeed was last caught up or loaded: a commit
    // that leaves it more than a bucket further behind is no progress, so a datafeed that commits every cycle but
    // falls further behind is stalled
    private long leastBehindMs = Long.MAX_VALUE;

    private volatile DatafeedStatus status;

    private record Pending(Cycle cycle, BucketBatch batch, SortedMap<List<String>, SeriesSeen> series, SortedMap<Long, Long> counts,
                           Instant delayedCheck, List<TimeRange> revisions, long startNanos) {
    }

    private Datafeed(JobSpec job, ElasticsearchClient client, Clock clock, DatafeedOptions options) {
        this.job = Objects.requireNonNull(job, "job");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        this.nanoTime = options.nanoTime();
        this.progressNanos = nanoTime.getAsLong();
        this.query = new PullQuery(job);
        this.searcher = new Searcher(Objects.requireNonNull(client, "client"), job.pull().requestTimeout(), job.pull().retries(),
            job.pull().retryBackoff(), options.sleeper());
        this.store = new CheckpointStore(searcher, options.stateIndex());
        this.assembler = new SeriesAssembler(job);
        this.spanMs = job.source().bucketSpan().toMillis();
        this.bucketBudget = job.pull().maxBuckets();
        refreshStatus();
    }

    /**
     * A datafeed for the job. Nothing is read yet: the first {@link #nextCycle} loads the checkpoint (or,
     * for a new job, records the backfill start).
     *
     * @param client a client made by {@code EsClients.create} (TLS, basic auth or API key as configured there)
     * @param clock  the only source of "now"
     */
    public static Datafeed create(JobSpec job, ElasticsearchClient client, Clock clock, DatafeedOptions options) {
        return new Datafeed(job, client, clock, options);
    }

    public static Datafeed create(JobSpec job, ElasticsearchClient client, Clock clock) {
        return new Datafeed(job, client, clock, DatafeedOptions.defaults());
    }

    public JobSpec job() {
        return job;
    }

    /** The latest status (does not block on a running pull). */
    public DatafeedStatus status() {
        return status;
    }

    /**
     * How long the datafeed has made no progress, on the process's monotonic clock: time since a committed cycle
     * last left it no more than a bucket further behind than its best since it was caught up (a datafeed that commits
     * every cycle while its lag keeps growing, e.g. one that cannot keep up with its data, makes no progress), a
     * revision was rewritten, it last found nothing due (caught up), or it loaded its checkpoint. Processing time,
     * not data time: while catching up on a simulated clock that runs 60 times faster, a cycle still takes the
     * seconds it takes. Does not block on a running pull.
     */
    public Duration sinceProgress() {
        return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - progressNanos));
    }

    /**
     * The cycle to pull now, or empty: when no new complete bucket (per frequency) is due, while paused
     * after a failure, or after a fatal error. Pending revisions come first. A cycle planned earlier but
     * not committed is planned again from the checkpoint.
     */
    public synchronized Optional<Cycle> nextCycle() {
        try {
            return plan();
        } finally {
            refreshStatus();
        }
    }

    private Optional<Cycle> plan() {
        planned = null;
        pending = null;
        if (fatal != null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (pausedUntil != null && now.isBefore(pausedUntil)) {
            return Optional.empty();
        }
        if (stored == null && !load(now)) {
            return Optional.empty();
        }
        DatafeedState s = stored.state();
        long completeEnd = completeEnd(now);
        if (!s.pendingRevisions().isEmpty()) {
            TimeRange r = s.pendingRevisions().getFirst();
            planned = new Cycle(job.id(), Cycle.Kind.REVISION, r.from(), r.to(), progress(s, completeEnd));
            plannedPageSize = pageSize((int) ((r.to().toEpochMilli() - r.from().toEpochMilli()) / spanMs));
            return Optional.of(planned);
        }
        long checkpoint = s.checkpoint().toEpochMilli();
        long behind = completeEnd - checkpoint;
        if (behind < job.source().frequency().toMillis()) {
            progressNanos = nanoTime.getAsLong(); // caught up: waiting for the next bucket is not a stall
            leastBehindMs = Long.MAX_VALUE;
            return Optional.empty();
        }
        long behindBuckets = behind / spanMs;
        long maxChunk = Math.max(1, job.pull().maxChunk().toMillis() / spanMs);
        // Series per page: what the job is known to have, with room to grow; a full page while unknown.
        int known = s.series().size();
        int page = !job.split().isSplit() ? 1 : known == 0 ? job.pull().pageSize()
            : Math.min(job.pull().pageSize(), known + known / 4 + 10);
        // search.max_buckets counts the composite's requested size and the date_histogram buckets under it
        // (single-bucket filter aggregations are not counted: checked on Elasticsearch 9.5).
        long perRequest = Math.max(1, Math.min(bucketBudget / (long) page - 1, query.maxBucketsForMemory() / page));
        int buckets = (int) Math.min(behindBuckets, Math.min(maxChunk, perRequest));
        long to = checkpoint + buckets * spanMs;
        Cycle.Kind kind = to < completeEnd ? Cycle.Kind.BACKFILL : Cycle.Kind.LIVE;
        planned = new Cycle(job.id(), kind, s.checkpoint(), Instant.ofEpochMilli(to), progress(s, completeEnd));
        plannedPageSize = pageSize(buckets);
        return Optional.of(planned);
    }

    /** Composite page size for a range of {@code buckets}: the configured size, within the bucket budget. */
    private int pageSize(int buckets) {
        if (!job.split().isSplit()) {
            return 1;
        }
        long fit = Math.min(bucketBudget / ((long) Math.max(1, buckets) + 1), query.maxBucketsForMemory() / Math.max(1, buckets));
        return (int) Math.max(1, Math.min(job.pull().pageSize(), fit));
    }

    /**
     * Pulls a cycle returned by {@link #nextCycle}: one aggregation query (paged) over its range, and the
     * late-data check when due. Empty when Elasticsearch failed (the job is then paused; see {@link #status()}).
     *
     * @throws IllegalStateException if the cycle is not the one planned last
     */
    public synchronized Optional<BucketBatch> pull(Cycle cycle) {
        if (planned == null || !planned.equals(cycle)) {
            throw new IllegalStateException("pull the cycle that nextCycle() returned last (" + planned + "), not " + cycle);
        }
        long started = nanoTime.getAsLong();
        long requestsBefore = searcher.requests();
        long tookBefore = searcher.tookMs();
        try {
            DatafeedState s = stored.state();
            PulledData data = fetch(cycle.from(), cycle.to(), plannedPageSize);
            boolean revision = cycle.kind() == Cycle.Kind.REVISION;
            SeriesAssembler.Assembled a = assembler.assemble(s, data, revision);
            SortedMap<Long, Long> counts = new TreeMap<>(s.recentCounts());
            for (int t = 0; t < data.buckets(); t++) {
                counts.put(data.fromMs() + t * spanMs, data.total(t));
            }
            List<DelayedData> delayed = List.of();
            Instant check = s.lastDelayedCheck();
            List<TimeRange> revisions = new ArrayList<>(s.pendingRevisions());
            if (revision) {
                revisions.remove(new TimeRange(cycle.from(), cycle.to()));
            } else if (cycle.kind() == Cycle.Kind.LIVE && delayedCheckDue(s, cycle)) {
                delayed = checkDelayedData(s, cycle.from());
                check = cycle.from();
                for (DelayedData d : delayed) {
                    if (job.delayedDataCheck().rescore()) {
                        addRevision(revisions, d.bucket());
                    } else {
                        counts.put(d.bucket().toEpochMilli(), d.countAfter());
                    }
                }
            }
            long keepFrom = cycle.to().toEpochMilli() - job.delayedDataCheck().window().toMillis();
            counts.headMap(keepFrom).clear();
            BucketBatch batch = new BucketBatch(cycle, job.source().bucketSpan(), a.series(), delayed, a.refused(),
                searcher.requests() - requestsBefore, (nanoTime.getAsLong() - started) / 1_000_000, searcher.tookMs() - tookBefore);
            if (a.refused().count() > 0) {
                LOG.log(System.Logger.Level.WARNING, "job {0}: {1} new series refused in {2}: max_series {3} reached (e.g. {4}); "
                        + "raise split.max_series or narrow source.filter", job.id(), a.refused().count(), cycle,
                    job.split().maxSeries(), a.refused().sample());
            }
            for (DelayedData d : delayed) {
                LOG.log(System.Logger.Level.WARNING, "job {0}: {1}", job.id(), d.annotation());
            }
            pending = new Pending(cycle, batch, a.registry(), counts, check, revisions, started);
            failures = 0;
            pausedUntil = null;
            return Optional.of(batch);
        } catch (RequestFailure f) {
            planned = null;
            if (f.tooLarge() && bucketBudget > 1) {
                bucketBudget = Math.max(1, bucketBudget / 2);
                LOG.log(System.Logger.Level.WARNING, "job {0}: the answer was too large for the cluster ({1}); "
                    + "asking for at most {2} buckets per request from now on (lower pull.max_buckets to avoid this)",
                    job.id(), f.getMessage(), bucketBudget);
                lastError = f.getMessage();
                lastErrorAt = clock.instant();
            } else {
                pause("pull " + cycle + " failed: " + f.getMessage());
            }
            return Optional.empty();
        } finally {
            refreshStatus();
        }
    }

    /**
     * Persists the checkpoint after the consumer has handed the cycle's batch on. Returns false when the
     * state index could not be written (the job pauses, and the same range is pulled again later).
     *
     * @throws IllegalStateException if this cycle was not pulled (or was already committed)
     */
    public synchronized boolean commit(Cycle cycle) {
        if (pending == null || !pending.cycle().equals(cycle)) {
            throw new IllegalStateException("commit the cycle that was pulled last (" + (pending == null ? "none" : pending.cycle())
                + "), not " + cycle);
        }
        Pending p = pending;
        pending = null;
        planned = null;
        try {
            DatafeedState s = stored.state();
            Instant checkpoint = cycle.kind() == Cycle.Kind.REVISION ? s.checkpoint() : cycle.to();
            DatafeedState next = s.next(checkpoint, p.series(), p.counts(), p.delayedCheck(), p.revisions(), writer, clock.instant());
            stored = store.write(next, stored);
            cyclesCommitted++;
            bucketsEmitted += p.batch().bucketCount();
            refusedSeries += p.batch().refused().count();
            for (DelayedData d : p.batch().delayedData()) {
                delayedBuckets++;
                delayedDocuments += d.missed();
            }
            failures = 0;
            pausedUntil = null;
            // progress: not further behind than the best since caught up, give or take a bucket (keeping pace counts)
            if (cycle.kind() == Cycle.Kind.REVISION) {
                progressNanos = nanoTime.getAsLong();
            } else {
                long behind = completeEnd(clock.instant()) - next.checkpoint().toEpochMilli();
                if (behind - spanMs <= leastBehindMs) {
                    progressNanos = nanoTime.getAsLong();
                }
                leastBehindMs = Math.min(leastBehindMs, behind);
            }
            logProgress(cycle, p);
            return true;
        } catch (RequestFailure f) {
            pause("commit of " + cycle + " failed: " + f.getMessage());
            return false;
        } catch (CheckpointStore.ConflictException e) {
            fail(e.getMessage());
            return false;
        } finally {
            refreshStatus();
        }
    }

    /**
     * Convenience for simple drivers and tests: plans, pulls, hands the batch to {@code consumer} and
     * commits. Returns true when a cycle was committed. An exception of the consumer propagates and the
     * cycle stays uncommitted (it is pulled again next time).
     */
    public boolean step(Consumer<BucketBatch> consumer) {
        Optional<Cycle> c = nextCycle();
        if (c.isEmpty()) {
            return false;
        }
        Optional<BucketBatch> b = pull(c.get());
        if (b.isEmpty()) {
            return false;
        }
        consumer.accept(b.get());
        return commit(c.get());
    }

    /** Runs {@link #step} until nothing is due (caught up) or a step fails; returns the cycles committed. */
    public int catchUp(Consumer<BucketBatch> consumer) {
        int n = 0;
        while (step(consumer)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ internals

    private boolean load(Instant now) {
        try {
            Optional<CheckpointStore.Stored> found = store.load(job.id());
            if (found.isEmpty()) {
                Instant start = job.source().start() != null ? job.source().start() : firstStart(now);
                DatafeedState initial = DatafeedState.initial(job.id(), job.source().bucketSpan(), job.split().fields(),
                    job.dataFingerprint(), start, writer, now);
                try {
                    stored = store.write(initial, null);
                    LOG.log(System.Logger.Level.INFO, "job {0}: first start, backfilling from {1}", job.id(), start);
                } catch (CheckpointStore.ConflictException e) {
                    // Created concurrently by another process: read what it wrote.
                    found = store.load(job.id());
                    if (found.isEmpty()) {
                        throw new RequestFailure("the checkpoint of " + job.id() + " disappeared while being created", true, false, null);
                    }
                }
            }
            if (stored == null) {
                CheckpointStore.Stored st = found.orElseThrow();
                DatafeedState s = st.state();
                if (!s.bucketSpan().equals(job.source().bucketSpan())) {
                    fail("job " + job.id() + " now has bucket_span " + Durations.format(job.source().bucketSpan()) + " but its checkpoint in "
                        + store.index() + " was made with " + Durations.format(s.bucketSpan()) + ": restore the old span, give the job a new "
                        + "job_id, or delete document " + job.id() + " of " + store.index() + " to start it afresh");
                    return false;
                }
                if (!s.splitFields().equals(job.split().fields())) {
                    LOG.log(System.Logger.Level.WARNING, "job {0}: split fields changed from {1} to {2}; known series are forgotten",
                        job.id(), s.splitFields(), job.split().fields());
                    s = new DatafeedState(s.version(), s.jobId(), s.bucketSpan(), job.split().fields(), s.fingerprint(), s.backfillStart(),
                        s.checkpoint(), new TreeMap<>(DatafeedState.KEY_ORDER), s.recentCounts(), s.lastDelayedCheck(),
                        s.pendingRevisions(), s.commits(), s.writer(), s.updatedAt());
                }
                if (!s.fingerprint().equals(job.dataFingerprint())) {
                    LOG.log(System.Logger.Level.WARNING, "job {0} was edited since its checkpoint (definition {1} -> {2}); continuing "
                        + "from {3}: changed metrics take effect from there", job.id(), s.fingerprint(), job.dataFingerprint(), s.checkpoint());
                    s = s.withFingerprint(job.dataFingerprint());
                }
                stored = new CheckpointStore.Stored(s, st.seqNo(), st.primaryTerm());
                LOG.log(System.Logger.Level.INFO, "job {0}: resuming at checkpoint {1} ({2} known series)", job.id(), s.checkpoint(),
                    s.series().size());
            }
            progressNanos = nanoTime.getAsLong(); // what there is to catch up on is known from here
            leastBehindMs = Long.MAX_VALUE;
            failures = 0;
            pausedUntil = null;
            return true;
        } catch (RequestFailure f) {
            pause("cannot read the checkpoint: " + f.getMessage());
            return false;
        }
    }

    /**
     * Where a first start without {@code start} begins: {@code lookback} before now, or later at the bucket
     * of the job's earliest document when the data begins later (no empty days learnt as "zero traffic",
     * no time spent pulling them). With no documents at all, the lookback start.
     */
    private Instant firstStart(Instant now) throws RequestFailure {
        long end = completeEnd(now);
        long lookbackStart = end - job.source().lookback().toMillis() / spanMs * spanMs;
        if (lookbackStart >= end) {
            return Instant.ofEpochMilli(lookbackStart);
        }
        Optional<Instant> earliest = query.readEarliest(searcher.search(query.request(
            query.earliestBody(Instant.ofEpochMilli(lookbackStart), Instant.ofEpochMilli(end), job.pull().requestTimeout()))));
        return Instant.ofEpochMilli(earliest.map(t -> Math.floorDiv(t.toEpochMilli(), spanMs) * spanMs).orElse(lookbackStart));
    }

    private PulledData fetch(Instant from, Instant to, int pageSize) throws RequestFailure {
        int buckets = (int) ((to.toEpochMilli() - from.toEpochMilli()) / spanMs);
        PulledData data = new PulledData(from, job.source().bucketSpan(), buckets, job.metrics().size());
        Map<String, FieldValue> after = null;
        boolean first = true;
        while (true) {
            var body = query.pageBody(from, to, pageSize, after, first, job.pull().requestTimeout());
            SearchResponse<Void> r = searcher.search(query.request(body));
            PullQuery.Page page = query.read(r, data, pageSize);
            if (page.complete()) {
                return data;
            }
            after = page.afterKey();
            first = false;
        }
    }

    private boolean delayedCheckDue(DatafeedState s, Cycle cycle) {
        if (!job.delayedDataCheck().enabled()) {
            return false;
        }
        Instant last = s.lastDelayedCheck();
        return last == null || !cycle.from().isBefore(last.plus(job.delayedDataCheck().frequency()));
    }

    /** Re-counts the window before {@code until} and compares with the counts recorded when it was pulled. */
    private List<DelayedData> checkDelayedData(DatafeedState s, Instant until) throws RequestFailure {
        long windowStart = Math.max(s.backfillStart().toEpochMilli(), until.toEpochMilli() - job.delayedDataCheck().window().toMillis());
        if (windowStart >= until.toEpochMilli()) {
            return List.of();
        }
        SearchResponse<Void> r = searcher.search(query.request(query.totalsBody(Instant.ofEpochMilli(windowStart), until,
            job.pull().requestTimeout())));
        Map<Long, Long> now = query.readTotals(r);
        List<DelayedData> out = new ArrayList<>();
        for (long t = windowStart; t < until.toEpochMilli(); t += spanMs) {
            Long before = s.recentCounts().get(t);
            long after = now.getOrDefault(t, 0L);
            if (before != null && after > before) {
                out.add(new DelayedData(Instant.ofEpochMilli(t), before, after));
            }
        }
        return out;
    }

    /** Adds a bucket to the pending revisions, merging it with an adjacent or overlapping range. */
    private void addRevision(List<TimeRange> revisions, Instant bucket) {
        Instant end = bucket.plusMillis(spanMs);
        for (int i = 0; i < revisions.size(); i++) {
            TimeRange r = revisions.get(i);
            if (!bucket.isAfter(r.to()) && !end.isBefore(r.from())) {
                revisions.set(i, new TimeRange(bucket.isBefore(r.from()) ? bucket : r.from(), end.isAfter(r.to()) ? end : r.to()));
                return;
            }
        }
        revisions.add(new TimeRange(bucket, end));
        revisions.sort((a, b) -> a.from().compareTo(b.from()));
    }

    private long completeEnd(Instant now) {
        long end = now.toEpochMilli() - job.source().queryDelay().toMillis();
        return Math.floorDiv(end, spanMs) * spanMs;
    }

    private Progress progress(DatafeedState s, long completeEnd) {
        long start = s.backfillStart().toEpochMilli();
        long done = (s.checkpoint().toEpochMilli() - start) / spanMs;
        long total = Math.max(done, (completeEnd - start) / spanMs);
        Duration eta = null;
        if (paceStartNanos >= 0 && paceBuckets > 0 && total > done) {
            double nanosPerBucket = (nanoTime.getAsLong() - paceStartNanos) / (double) paceBuckets;
            eta = Duration.ofNanos((long) (nanosPerBucket * (total - done)));
        }
        return new Progress(done, total, eta);
    }

    private void logProgress(Cycle cycle, Pending p) {
        if (cycle.kind() == Cycle.Kind.REVISION) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (cycle.kind() == Cycle.Kind.BACKFILL) {
            if (paceStartNanos < 0) {
                paceStartNanos = p.startNanos();
            }
            paceBuckets += (cycle.to().toEpochMilli() - cycle.from().toEpochMilli()) / spanMs;
            Progress pr = progress(stored.state(), completeEnd(clock.instant()));
            int decile = (int) (pr.fraction() * 10);
            if (decile != lastProgressDecile || now - lastProgressLogNanos > PROGRESS_LOG_NANOS) {
                LOG.log(System.Logger.Level.INFO, "job {0}: backfill {1}", job.id(), pr);
                lastProgressDecile = decile;
                lastProgressLogNanos = now;
            }
        } else {
            if (paceStartNanos >= 0) {
                LOG.log(System.Logger.Level.INFO, "job {0}: caught up at {1}; live from now on", job.id(), cycle.to());
            }
            paceStartNanos = -1;
            paceBuckets = 0;
            lastProgressDecile = -1;
        }
    }

    private void pause(String message) {
        failures++;
        Duration base = job.pull().pauseBackoff();
        Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 20));
        if (wait.compareTo(job.pull().maxPause()) > 0) {
            wait = job.pull().maxPause();
        }
        Instant now = clock.instant();
        pausedUntil = now.plus(wait);
        lastError = message;
        lastErrorAt = now;
        LOG.log(System.Logger.Level.WARNING, "job {0} paused until {1} (failure {2} in a row): {3}", job.id(), pausedUntil, failures, message);
    }

    private void fail(String message) {
        fatal = message;
        lastError = message;
        lastErrorAt = clock.instant();
        LOG.log(System.Logger.Level.ERROR, "job {0} stopped: {1}", job.id(), message);
    }

    private void refreshStatus() {
        DatafeedStatus.State state;
        Instant now = clock.instant();
        Progress progress = null;
        Instant checkpoint = null;
        int known = 0;
        if (stored != null) {
            DatafeedState s = stored.state();
            long completeEnd = completeEnd(now);
            progress = progress(s, completeEnd);
            checkpoint = s.checkpoint();
            known = job.split().isSplit() ? s.series().size() : 1;
        }
        if (fatal != null) {
            state = DatafeedStatus.State.FAILED;
        } else if (failures > 0) {
            state = DatafeedStatus.State.PAUSED;
        } else if (stored == null) {
            state = DatafeedStatus.State.STARTING;
        } else if (completeEnd(now) - stored.state().checkpoint().toEpochMilli() > job.source().frequency().toMillis()) {
            state = DatafeedStatus.State.BACKFILLING;
        } else {
            state = DatafeedStatus.State.LIVE;
        }
        status = new DatafeedStatus(job.id(), state, checkpoint, progress, known, lastError, lastErrorAt,
            failures > 0 ? pausedUntil : null, failures, searcher.requests(), cyclesCommitted, bucketsEmitted, refusedSeries,
            delayedBuckets, delayedDocuments);
    }
}
