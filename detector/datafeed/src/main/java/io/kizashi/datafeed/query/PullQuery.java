package io.kizashi.datafeed.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.ArrayPercentilesItem;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.MetricFunction;
import io.kizashi.datafeed.job.MetricSpec;
import io.kizashi.datafeed.job.QueryDsl;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one aggregation query of a job, and how to read its answer.
 *
 * <p>Shape (deterministic for a job, a time range and a page): a {@code bool.filter} of the time range
 * and the job's filter; with split fields, a {@code composite} aggregation "series" (one {@code terms}
 * source per split field, paged with {@code after}) holding a {@code date_histogram} "t" with
 * {@code fixed_interval = bucket_span} (UTC, so buckets align to the span from midnight); without split
 * fields the {@code date_histogram} is at the top. Under "t": metric sub-aggregations, grouped under one
 * {@code filter} aggregation per distinct metric filter. Count-like metrics read the bucket's doc count;
 * percentiles of the same field and filter share one {@code percentiles} aggregation; a ratio is a
 * {@code filter} (denominator) holding a {@code filter} (numerator). No scripts, no pipeline
 * aggregations. The first page also carries a top-level {@code date_histogram} "totals" of all the
 * job's documents per bucket (for the late-data check).
 */
public final class PullQuery {

    static final String SERIES = "series";
    static final String TIME = "t";
    static final String TOTALS = "totals";
    static final String EARLIEST = "earliest";

    /** Memory a request may make Elasticsearch hold for per-bucket aggregation state (see {@link #maxBucketsForMemory()}). */
    public static final long REQUEST_MEMORY_BYTES = 64L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JobSpec job;
    private final long spanMs;
    private final List<String> splitFields;
    /** Filter groups: index 0 is "no filter" (the bucket itself), then one per distinct metric filter. */
    private final List<QueryDsl> groups = new ArrayList<>();
    private final int[] groupOf;
    /** The aggregation each metric reads (null for count-like metrics). */
    private final String[] aggOf;
    /** Percentile aggregation name to its field and percents, per group. */
    private final Map<String, PercentileAgg> percentileAggs = new LinkedHashMap<>();

    private record PercentileAgg(int group, String field, TreeSet<Double> percents) {
    }

    public PullQuery(JobSpec job) {
        this.job = Objects.requireNonNull(job, "job");
        this.spanMs = job.source().bucketSpan().toMillis();
        this.splitFields = job.split().fields();
        List<MetricSpec> metrics = job.metrics();
        groupOf = new int[metrics.size()];
        aggOf = new String[metrics.size()];
        groups.add(null);
        for (int i = 0; i < metrics.size(); i++) {
            MetricSpec m = metrics.get(i);
            int g = 0;
            if (m.filter() != null) {
                g = groups.indexOf(m.filter());
                if (g < 0) {
                    groups.add(m.filter());
                    g = groups.size() - 1;
                }
            }
            groupOf[i] = g;
            aggOf[i] = switch (m.function()) {
                case COUNT, NON_ZERO_COUNT -> null;
                case RATE -> m.field() == null ? null : "m" + i;
                case MEAN, MIN, MAX, SUM, NON_NULL_SUM, DISTINCT_COUNT, RATIO -> "m" + i;
                case PERCENTILE -> percentileAgg(g, m);
            };
        }
    }

    private String percentileAgg(int group, MetricSpec m) {
        for (Map.Entry<String, PercentileAgg> e : percentileAggs.entrySet()) {
            if (e.getValue().group() == group && e.getValue().field().equals(m.field())) {
                e.getValue().percents().add(m.percentile());
                return e.getKey();
            }
        }
        String name = "p" + percentileAggs.size();
        TreeSet<Double> percents = new TreeSet<>();
        percents.add(m.percentile());
        percentileAggs.put(name, new PercentileAgg(group, m.field(), percents));
        return name;
    }

    public JobSpec job() {
        return job;
    }

    /**
     * Most (series, time bucket) pairs one request should hold so that the per-bucket state Elasticsearch
     * keeps while aggregating stays within {@value #REQUEST_MEMORY_BYTES} bytes: a cardinality
     * aggregation keeps about 4 x 2^ceil(log2(precision_threshold)) bytes of registers per bucket (16 KiB
     * at the default threshold of the aggregation, 3000), and the request breaker of a small node trips
     * long before search.max_buckets is reached. Percentiles and the rest are small next to that.
     */
    public long maxBucketsForMemory() {
        long perBucket = 256;
        for (MetricSpec m : job.metrics()) {
            if (m.function() == MetricFunction.DISTINCT_COUNT) {
                perBucket += 4L * Long.highestOneBit(Math.max(1, 2L * m.precisionThreshold() - 1));
            } else if (m.function() == MetricFunction.PERCENTILE) {
                perBucket += 512;
            }
        }
        return Math.max(1, REQUEST_MEMORY_BYTES / perBucket);
    }

    /** The request body (JSON) of one page over [from, to); {@code after} is the previous page's after_key or null. */
    public ObjectNode pageBody(Instant from, Instant to, int pageSize, Map<String, FieldValue> after, boolean withTotals,
                               Duration timeout) {
        ObjectNode body = baseBody(from, to, timeout);
        ObjectNode aggs = body.putObject("aggs");
        if (splitFields.isEmpty()) {
            aggs.set(TIME, timeHistogram(true));
        } else {
            ObjectNode composite = MAPPER.createObjectNode();
            ObjectNode c = composite.putObject("composite");
            c.put("size", pageSize);
            ArrayNode sources = c.putArray("sources");
            for (int i = 0; i < splitFields.size(); i++) {
                sources.addObject().putObject("s" + i).putObject("terms").put("field", splitFields.get(i));
            }
            if (after != null) {
                ObjectNode a = c.putObject("after");
                for (int i = 0; i < splitFields.size(); i++) {
                    FieldValue v = after.get("s" + i);
                    if (v == null) {
                        throw new IllegalArgumentException("after_key lacks s" + i + ": " + after);
                    }
                    a.set("s" + i, json(v));
                }
            }
            composite.putObject("aggs").set(TIME, timeHistogram(true));
            aggs.set(SERIES, composite);
            if (withTotals) {
                aggs.set(TOTALS, timeHistogram(false));
            }
        }
        return body;
    }

    /** The body of the late-data check: per-bucket totals of the job's documents over [from, to). */
    public ObjectNode totalsBody(Instant from, Instant to, Duration timeout) {
        ObjectNode body = baseBody(from, to, timeout);
        body.putObject("aggs").set(TOTALS, timeHistogram(false));
        return body;
    }

    /**
     * The body that finds the job's earliest document in [from, to): a first start begins there rather
     * than at an empty lookback (as Elastic ML's datafeeds start at the earliest data).
     */
    public ObjectNode earliestBody(Instant from, Instant to, Duration timeout) {
        ObjectNode body = baseBody(from, to, timeout);
        body.putObject("aggs").putObject(EARLIEST).putObject("min").put("field", job.source().timeField());
        return body;
    }

    /** The earliest document's time from an {@link #earliestBody} answer, empty when there is none. */
    public Optional<Instant> readEarliest(SearchResponse<Void> response) {
        Aggregate a = response.aggregations().get(EARLIEST);
        Double v = a == null ? null : a.min().value();
        return v == null || !Double.isFinite(v) ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v.longValue()));
    }

    /** A search request for a body built above. */
    public SearchRequest request(ObjectNode body) {
        String json = body.toString();
        return SearchRequest.of(s -> s.withJson(new StringReader(json)).index(job.source().indices())
            .allowPartialSearchResults(false));
    }

    private ObjectNode baseBody(Instant from, Instant to, Duration timeout) {
        if (from.toEpochMilli() % spanMs != 0 || to.toEpochMilli() % spanMs != 0 || !to.isAfter(from)) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is empty or not aligned to bucket_span " + job.source().bucketSpan());
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", false);
        body.put("timeout", timeout.toMillis() + "ms");
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        ObjectNode range = filter.addObject().putObject("range").putObject(job.source().timeField());
        range.put("gte", from.toEpochMilli());
        range.put("lt", to.toEpochMilli());
        range.put("format", "epoch_millis");
        if (job.source().filter() != null) {
            filter.add(parse(job.source().filter()));
        }
        return body;
    }

    private ObjectNode timeHistogram(boolean withMetrics) {
        ObjectNode agg = MAPPER.createObjectNode();
        ObjectNode h = agg.putObject("date_histogram");
        h.put("field", job.source().timeField());
        h.put("fixed_interval", (spanMs / 1000) + "s");
        h.put("min_doc_count", 1);
        if (withMetrics) {
            ObjectNode sub = MAPPER.createObjectNode();
            for (int g = 0; g < groups.size(); g++) {
                ObjectNode target = sub;
                if (g > 0) {
                    ObjectNode group = sub.putObject("g" + g);
                    group.set("filter", parse(groups.get(g)));
                    target = group.putObject("aggs");
                }
                addMetricAggs(g, target);
            }
            if (!sub.isEmpty()) {
                agg.set("aggs", sub);
            }
        }
        return agg;
    }

    private void addMetricAggs(int group, ObjectNode target) {
        List<MetricSpec> metrics = job.metrics();
        for (int i = 0; i < metrics.size(); i++) {
            if (groupOf[i] != group) {
                continue;
            }
            MetricSpec m = metrics.get(i);
            String name = aggOf[i];
            switch (m.function()) {
                case COUNT, NON_ZERO_COUNT, PERCENTILE -> { }
                case RATE -> {
                    if (name != null) {
                        target.putObject(name).putObject("sum").put("field", m.field());
                    }
                }
                case MEAN -> target.putObject(name).putObject("avg").put("field", m.field());
                case MIN -> target.putObject(name).putObject("min").put("field", m.field());
                case MAX -> target.putObject(name).putObject("max").put("field", m.field());
                case SUM -> target.putObject(name).putObject("sum").put("field", m.field());
                case NON_NULL_SUM -> {
                    target.putObject(name).putObject("sum").put("field", m.field());
                    target.putObject("c" + i).putObject("value_count").put("field", m.field());
                }
                case DISTINCT_COUNT -> target.putObject(name).putObject("cardinality").put("field", m.field())
                    .put("precision_threshold", m.precisionThreshold());
                case RATIO -> {
                    ObjectNode numerator = MAPPER.createObjectNode();
                    numerator.set("filter", parse(m.numerator()));
                    if (m.denominator() == null) {
                        target.set(name, numerator);
                    } else {
                        ObjectNode den = target.putObject(name);
                        den.set("filter", parse(m.denominator()));
                        den.putObject("aggs").set("n", numerator);
                    }
                }
            }
        }
        for (Map.Entry<String, PercentileAgg> e : percentileAggs.entrySet()) {
            if (e.getValue().group() == group) {
                ObjectNode p = target.putObject(e.getKey()).putObject("percentiles");
                p.put("field", e.getValue().field());
                ArrayNode percents = p.putArray("percents");
                e.getValue().percents().forEach(percents::add);
                p.put("keyed", false);
            }
        }
    }

    // ------------------------------------------------------------------ reading answers

    /** What one page contributed: entities (in page order), and whether more pages follow. */
    public record Page(int entities, Map<String, FieldValue> afterKey, boolean complete) {
    }

    /**
     * Reads one page's answer into {@code data}.
     *
     * @param pageSize the composite size the page was asked with (a shorter page is the last)
     */
    public Page read(SearchResponse<Void> response, PulledData data, int pageSize) {
        Map<String, Aggregate> aggs = response.aggregations();
        Aggregate totals = aggs.get(TOTALS);
        if (totals != null) {
            for (DateHistogramBucket b : totals.dateHistogram().buckets().array()) {
                data.addTotal(index(data, b.key()), b.docCount());
            }
        }
        if (splitFields.isEmpty()) {
            PulledData.Entity e = data.entity(List.of());
            for (DateHistogramBucket b : aggs.get(TIME).dateHistogram().buckets().array()) {
                int t = index(data, b.key());
                data.addTotal(t, b.docCount());
                readBucket(e, t, b);
            }
            return new Page(1, null, true);
        }
        CompositeAggregate composite = aggs.get(SERIES).composite();
        List<CompositeBucket> buckets = composite.buckets().array();
        for (CompositeBucket cb : buckets) {
            List<String> key = new ArrayList<>(splitFields.size());
            for (int i = 0; i < splitFields.size(); i++) {
                key.add(text(cb.key().get("s" + i)));
            }
            PulledData.Entity e = data.entity(key);
            for (DateHistogramBucket b : cb.aggregations().get(TIME).dateHistogram().buckets().array()) {
                readBucket(e, index(data, b.key()), b);
            }
        }
        Map<String, FieldValue> after = composite.afterKey();
        boolean complete = buckets.size() < pageSize || after == null || after.isEmpty();
        return new Page(buckets.size(), complete ? null : after, complete);
    }

    /** Per-bucket document totals from a {@link #totalsBody} answer: bucket start (epoch ms) to count. */
    public Map<Long, Long> readTotals(SearchResponse<Void> response) {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (DateHistogramBucket b : response.aggregations().get(TOTALS).dateHistogram().buckets().array()) {
            out.put(b.key(), b.docCount());
        }
        return out;
    }

    private int index(PulledData data, long keyMs) {
        long offset = keyMs - data.fromMs();
        if (offset % spanMs != 0 || offset < 0 || offset / spanMs >= data.buckets()) {
            throw new IllegalStateException("Elasticsearch returned bucket " + Instant.ofEpochMilli(keyMs) + " outside ["
                + Instant.ofEpochMilli(data.fromMs()) + " + " + data.buckets() + " x " + job.source().bucketSpan() + ")");
        }
        return (int) (offset / spanMs);
    }

    private void readBucket(PulledData.Entity e, int t, DateHistogramBucket b) {
        List<MetricSpec> metrics = job.metrics();
        double seconds = spanMs / 1000.0;
        e.markSeen(t, b.docCount());
        for (int i = 0; i < metrics.size(); i++) {
            MetricSpec m = metrics.get(i);
            Map<String, Aggregate> scope = b.aggregations();
            long docs = b.docCount();
            if (groupOf[i] > 0) {
                Aggregate g = scope.get("g" + groupOf[i]);
                docs = g.filter().docCount();
                scope = g.filter().aggregations();
            }
            double value;
            switch (m.function()) {
                case COUNT -> value = docs;
                case NON_ZERO_COUNT -> value = docs > 0 ? docs : Double.NaN;
                case RATE -> value = aggOf[i] == null ? docs / seconds : orZero(scope.get(aggOf[i]).sum().value()) / seconds;
                case MEAN -> value = orNaN(scope.get(aggOf[i]).avg().value());
                case MIN -> value = orNaN(scope.get(aggOf[i]).min().value());
                case MAX -> value = orNaN(scope.get(aggOf[i]).max().value());
                case SUM -> value = orZero(scope.get(aggOf[i]).sum().value());
                case NON_NULL_SUM -> {
                    Double count = scope.get("c" + i).valueCount().value();
                    value = count != null && count > 0 ? orZero(scope.get(aggOf[i]).sum().value()) : Double.NaN;
                }
                case DISTINCT_COUNT -> value = scope.get(aggOf[i]).cardinality().value();
                case PERCENTILE -> value = percentile(scope.get(aggOf[i]), m.percentile());
                case RATIO -> {
                    Aggregate r = scope.get(aggOf[i]);
                    long numerator;
                    if (m.denominator() == null) {
                        numerator = r.filter().docCount();
                    } else {
                        docs = r.filter().docCount();
                        numerator = r.filter().aggregations().get("n").filter().docCount();
                    }
                    value = docs > 0 ? numerator / (double) docs : Double.NaN;
                }
                default -> throw new IllegalStateException("unhandled function " + m.function());
            }
            e.set(i, t, value, docs);
        }
    }

    private static double percentile(Aggregate agg, double percent) {
        for (ArrayPercentilesItem item : agg.tdigestPercentiles().values().array()) {
            if (item.key() == percent) {
                return orNaN(item.value());
            }
        }
        throw new IllegalStateException("percentile " + percent + " missing from the answer");
    }

    private static double orNaN(Double v) {
        return v == null || v.isInfinite() ? Double.NaN : v;
    }

    private static double orZero(Double v) {
        return v == null || v.isNaN() ? 0.0 : v;
    }

    /** A composite key value as the split value text (numbers without a trailing .0 when whole). */
    static String text(FieldValue v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isLong()) {
            return Long.toString(v.longValue());
        }
        if (v.isDouble()) {
            double d = v.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        if (v.isBoolean()) {
            return Boolean.toString(v.booleanValue());
        }
        return String.valueOf(v._get());
    }

    private static JsonNode json(FieldValue v) {
        if (v.isString()) {
            return MAPPER.getNodeFactory().textNode(v.stringValue());
        }
        if (v.isLong()) {
            return MAPPER.getNodeFactory().numberNode(v.longValue());
        }
        if (v.isDouble()) {
            return MAPPER.getNodeFactory().numberNode(v.doubleValue());
        }
        if (v.isBoolean()) {
            return MAPPER.getNodeFactory().booleanNode(v.booleanValue());
        }
        return MAPPER.getNodeFactory().nullNode();
    }

    private static JsonNode parse(QueryDsl q) {
        try {
            return MAPPER.readTree(q.json());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("query was validated but does not parse: " + q.json(), e);
        }
    }
}
