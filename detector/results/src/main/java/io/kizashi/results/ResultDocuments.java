package io.kizashi.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.trend.ForecastPoint;
import io.kizashi.core.trend.TrendEstimate;
import io.kizashi.elasticsearch.IndexDocument;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the core's results into Elasticsearch documents (pure; no I/O). Split values are written under
 * their original field names (so a Kibana filter on {@code service.name} works on results too);
 * missing numbers are omitted rather than written as NaN, which JSON cannot carry.
 */
public final class ResultDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ResultIndices indices;
    private final String modelVersion;

    public ResultDocuments(ResultIndices indices, String modelVersion) {
        this.indices = Objects.requireNonNull(indices, "indices");
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    }

    public ResultIndices indices() {
        return indices;
    }

    /** One series' bucket. */
    public IndexDocument record(SeriesKey series, Duration span, BucketResult r, boolean interim, double precursorProbability,
                                PrecursorModel precursorModel, String seasonality) {
        ObjectNode d = base(series, r.timestamp(), span, ResultType.RECORD);
        number(d, "actual", r.actual());
        number(d, "expected", r.expected());
        number(d, "lower", r.lower());
        number(d, "upper", r.upper());
        d.put("score", round(r.score()));
        d.put("probability", r.probability());
        d.put("direction", lower(r.direction().name()));
        d.put("deviation", lower(r.kind().name()));
        d.put("reason", r.reason().code());
        d.put("status", lower(r.status().name()));
        d.put("is_anomaly", r.anomalous());
        d.put("is_interim", interim);
        number(d, "precursor_probability", precursorProbability);
        if (precursorModel != null && Double.isFinite(precursorProbability)) {
            d.put("precursor_alert", precursorProbability >= precursorModel.threshold());
            d.put("precursor_model", precursorModel.id());
        }
        if (seasonality != null) {
            d.put("seasonality", seasonality);
        }
        return doc(indices.resultsIndex(r.timestamp()), ResultIds.record(series, r.timestamp()), d);
    }

    /** The job-level summary of a bucket. */
    public IndexDocument bucket(String jobId, Instant bucket, Duration span, double maxScore, int seriesCount, int anomalousSeries,
                                List<Influence> influencers, boolean interim) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("@timestamp", bucket.toString());
        d.put("job_id", jobId);
        d.put("result_type", ResultType.BUCKET.code());
        d.put("bucket_span", span.toSeconds());
        d.put("score", round(maxScore));
        d.put("series_count", seriesCount);
        d.put("anomalous_series", anomalousSeries);
        d.put("is_anomaly", anomalousSeries > 0);
        d.put("is_interim", interim);
        d.put("model_version", modelVersion);
        influencers(d, influencers);
        return doc(indices.resultsIndex(bucket), ResultIds.bucket(jobId, bucket), d);
    }

    public IndexDocument forecast(SeriesKey series, Duration span, ForecastPoint p, String forecastId, Instant created) {
        ObjectNode d = base(series, p.timestamp(), span, ResultType.FORECAST);
        number(d, "expected", p.expected());
        number(d, "lower", p.lower());
        number(d, "upper", p.upper());
        d.put("forecast_id", forecastId);
        d.put("forecast_created", created.toString());
        return doc(indices.resultsIndex(p.timestamp()), ResultIds.forecast(series, p.timestamp()), d);
    }

    public IndexDocument changepoint(SeriesKey series, Duration span, ChangePoint cp) {
        ObjectNode d = base(series, cp.confirmed(), span, ResultType.CHANGEPOINT);
        d.put("change_type", cp.type().code());
        d.put("change_start", cp.start().toString());
        number(d, "before", cp.before());
        number(d, "after", cp.after());
        number(d, "magnitude", cp.magnitude());
        d.put("direction", cp.sign() > 0 ? "high" : "low");
        return doc(indices.resultsIndex(cp.start()), ResultIds.changepoint(series, cp.start()), d);
    }

    public IndexDocument trend(SeriesKey series, Duration span, TrendEstimate t, double limit, Instant crossing) {
        ObjectNode d = base(series, t.asOf(), span, ResultType.TREND);
        number(d, "slope_per_hour", t.slopePerHour());
        number(d, "p_value", t.pValue());
        number(d, "expected", t.level());
        number(d, "limit", limit);
        if (crossing != null) {
            d.put("crossing", crossing.toString());
        }
        d.put("direction", t.slopePerSecond() >= 0 ? "high" : "low");
        return doc(indices.resultsIndex(t.asOf()), ResultIds.trend(series, t.asOf()), d);
    }

    private ObjectNode base(SeriesKey series, Instant at, Duration span, ResultType type) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("@timestamp", at.toString());
        d.put("job_id", series.jobId());
        d.put("series_id", series.id());
        d.put("series", series.canonical());
        d.put("metric", series.metric());
        d.put("result_type", type.code());
        d.put("bucket_span", span.toSeconds());
        d.put("model_version", modelVersion);
        splits(d, series);
        return d;
    }

    static void splits(ObjectNode d, SeriesKey series) {
        series.splits().forEach(d::put);
    }

    static void influencers(ObjectNode d, List<Influence> influencers) {
        if (influencers.isEmpty()) {
            return;
        }
        ArrayNode arr = d.putArray("influencers");
        ArrayNode values = d.putArray("influencer_values");
        for (Influence i : influencers) {
            ObjectNode o = arr.addObject();
            o.put("field", i.field());
            o.put("value", i.value());
            if (i.metric() != null) {
                o.put("metric", i.metric());
            }
            o.put("score", round(i.score()));
            values.add(i.fieldValue());
        }
    }

    static void number(ObjectNode d, String field, double v) {
        if (Double.isFinite(v)) {
            d.put(field, v);
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    private static IndexDocument doc(String index, String id, ObjectNode d) {
        return IndexDocument.of(index, id, d);
    }
}
