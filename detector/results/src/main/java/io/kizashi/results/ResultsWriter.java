package io.kizashi.results;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexDocument;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes one cycle of a job's results: a record per series per bucket, a bucket summary with
 * influencers per bucket, change points, and anomaly / change-point annotations (merged spans with
 * sample request ids and a Discover link). Every document has a deterministic id, so writing the same
 * cycle again replaces rather than duplicates; the annotation trackers are the only state kept here
 * ({@link #trackerState} / {@link #restoreTracker}).
 */
public final class ResultsWriter {

    /** What a write did. */
    public record Summary(long records, long buckets, long annotations, long changepoints, long sampled, BulkIndexer.Result bulk) {
        public boolean ok() {
            return bulk.ok();
        }
    }

    private static final int INFLUENCERS = 5;

    private final ElasticsearchClient client;
    private final ResultDocuments results;
    private final AnnotationDocuments annotations;
    private final DiscoverLinks links;
    private final Function<SeriesKey, SampleSpec> samples;
    private final BulkIndexer.Options bulkOptions;
    private final RequestSampler sampler;
    private final Map<String, AnnotationTracker> trackers = new HashMap<>();

    /**
     * @param links   Discover link builder, or null when no Kibana is configured
     * @param samples how to sample requests of a series, or null to skip sampling (a function may return null too)
     */
    public ResultsWriter(ElasticsearchClient client, ResultIndices indices, String modelVersion, DiscoverLinks links,
                         Function<SeriesKey, SampleSpec> samples, BulkIndexer.Options bulkOptions) {
        this.client = Objects.requireNonNull(client, "client");
        this.results = new ResultDocuments(indices, modelVersion);
        this.annotations = new AnnotationDocuments(indices, modelVersion);
        this.links = links;
        this.samples = samples;
        this.bulkOptions = Objects.requireNonNull(bulkOptions, "bulkOptions");
        this.sampler = new RequestSampler(client);
    }

    public ElasticsearchClient client() {
        return client;
    }

    public List<AnnotationTracker.Open> trackerState(String jobId) {
        AnnotationTracker t = trackers.get(jobId);
        return t == null ? List.of() : t.snapshot();
    }

    public void restoreTracker(String jobId, List<AnnotationTracker.Open> state) {
        trackers.put(jobId, AnnotationTracker.restore(jobId, state));
    }

    /** The documents of one cycle without writing them (for tests and dry runs); samples are fetched. */
    public List<IndexDocument> documents(String jobId, Duration span, List<SeriesResults> batch, boolean interim, Instant now,
                                         long[] counts) {
        List<IndexDocument> docs = new ArrayList<>();
        TreeMap<Instant, List<Influencers.Contribution>> byBucket = new TreeMap<>();
        TreeMap<Instant, double[]> bucketScore = new TreeMap<>();
        AnnotationTracker tracker = trackers.computeIfAbsent(jobId, AnnotationTracker::new);
        List<AnnotationTracker.Update> updates = new ArrayList<>();
        for (SeriesResults s : batch) {
            if (!s.key().jobId().equals(jobId)) {
                throw new IllegalArgumentException("series " + s.key() + " does not belong to job " + jobId);
            }
            for (int i = 0; i < s.results().size(); i++) {
                BucketResult r = s.results().get(i);
                if (r.status() == io.kizashi.core.model.ResultStatus.REJECTED) {
                    continue;
                }
                double pre = s.precursor() == null ? Double.NaN : s.precursor()[i];
                docs.add(results.record(s.key(), span, r, interim, pre, s.precursorModel(), s.seasonality()));
                counts[0]++;
                byBucket.computeIfAbsent(r.timestamp(), k -> new ArrayList<>()).add(new Influencers.Contribution(s.key(), r.probability()));
                double[] agg = bucketScore.computeIfAbsent(r.timestamp(), k -> new double[3]);
                agg[0] = Math.max(agg[0], r.score());
                agg[1]++;
                agg[2] += r.anomalous() ? 1 : 0;
                for (ChangePoint cp : r.changePoints()) {
                    docs.add(results.changepoint(s.key(), span, cp));
                    docs.add(annotations.document(changeAnnotation(s.key(), cp), now));
                    counts[3]++;
                    counts[2]++;
                }
                if (!interim) {
                    AnnotationTracker.Update u = tracker.observe(s.key(), span, r);
                    if (u != null) {
                        updates.add(u);
                    }
                }
            }
        }
        Map<Instant, List<Influence>> influencers = new HashMap<>();
        for (Map.Entry<Instant, List<Influencers.Contribution>> e : byBucket.entrySet()) {
            List<Influence> inf = Influencers.rank(e.getValue(), INFLUENCERS);
            influencers.put(e.getKey(), inf);
            double[] agg = bucketScore.get(e.getKey());
            docs.add(results.bucket(jobId, e.getKey(), span, agg[0], (int) agg[1], (int) agg[2], inf, interim));
            counts[1]++;
        }
        // one document per annotation per cycle: its latest state; samples are taken at each new peak
        Map<String, Annotation> latest = new java.util.LinkedHashMap<>();
        Map<String, Instant> peaks = new HashMap<>();
        for (AnnotationTracker.Update u : updates) {
            Annotation a = u.annotation();
            if (u.newPeak()) {
                SampleSpec spec = samples == null ? null : samples.apply(a.series());
                List<String> ids = spec == null ? List.of() : sampler.sample(spec, u.peak(), u.peak().plus(span));
                Instant to = (a.end() == null ? u.peak().plus(span) : a.end()).plus(span);
                String url = links == null ? null : links.logs(a.series().splits(), a.start().minus(span), to,
                        spec == null ? SampleSpec.DEFAULT_ID_FIELD : spec.idField(), ids);
                a = tracker.attachSamples(a.series(), a, ids, url);
                counts[4] += ids.size();
            } else if (latest.containsKey(a.id())) {
                Annotation before = latest.get(a.id());
                a = a.withSamples(before.requestIds(), before.discoverUrl());
            }
            latest.put(a.id(), a);
            peaks.put(a.id(), u.peak());
        }
        for (Annotation a : latest.values()) {
            List<Influence> inf = influencers.get(peaks.get(a.id()));
            docs.add(annotations.document(inf == null ? a : a.withInfluencers(inf), now));
            counts[2]++;
        }
        return docs;
    }

    /** Writes one cycle (bulk, bounded batches, retried); see the class comment for what is written. */
    public Summary write(String jobId, Duration span, List<SeriesResults> batch, boolean interim, Instant now) {
        long[] counts = new long[5];
        List<IndexDocument> docs = documents(jobId, span, batch, interim, now, counts);
        BulkIndexer.Result r;
        try (BulkIndexer bulk = new BulkIndexer(client, bulkOptions)) {
            bulk.addAll(docs);
            r = bulk.flush();
        }
        return new Summary(counts[0], counts[1], counts[2], counts[3], counts[4], r);
    }

    static Annotation changeAnnotation(SeriesKey key, ChangePoint cp) {
        String where = key.splits().isEmpty() ? key.jobId() : String.join(", ", key.splits().values());
        String title = key.metric() + " " + cp.type().code().replace('_', ' ') + " on " + where;
        boolean variance = cp.type() == ChangeType.VARIANCE_CHANGE;
        // a level shift's magnitude is in spreads; a variance change's is the ratio of the spreads, whose size is how
        // many times the noise grew or shrank (a halving is as large as a doubling)
        double size = variance ? Math.max(cp.magnitude(), 1 / cp.magnitude()) : Math.abs(cp.magnitude());
        String message = variance
                ? String.format(Locale.ROOT, "the noise of %s changed from a spread of %.4g to %.4g (x%.2f) starting %s, confirmed %s",
                        key.metric(), cp.before(), cp.after(), cp.magnitude(), cp.start(), cp.confirmed())
                : String.format(Locale.ROOT, "%s changed from %.4g to %.4g (%.1f spreads) starting %s, confirmed %s",
                        key.metric(), cp.before(), cp.after(), cp.magnitude(), cp.start(), cp.confirmed());
        double score = Math.min(100, 10 * size);
        return new Annotation("changepoint", key.jobId(), key, cp.start(), null, false, score, title, message,
                cp.sign() > 0 ? "high" : "low", cp.type().code(), cp.after(), cp.before(), 0, List.of(), null, List.of());
    }
}
