package io.kizashi.results;

import io.kizashi.core.series.SeriesKey;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Kibana annotation: a span of time on one series (or a whole job) with what happened, how bad it was
 * and sample request ids to start an investigation from.
 *
 * @param kind       anomaly, precursor, trend, changepoint, delayed_data, model_change or alert
 * @param series     the series, or null for a job-level annotation
 * @param start      first bucket
 * @param end        end of the last bucket (exclusive), or null for a point annotation
 * @param open       true while the span may still grow
 * @param requestIds ids of sample requests from the worst bucket
 */
public record Annotation(String kind, String jobId, SeriesKey series, Instant start, Instant end, boolean open,
                         double score, String title, String message, String direction, String reason,
                         double actual, double expected, int buckets, List<String> requestIds, String discoverUrl,
                         List<Influence> influencers) {

    public Annotation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(message, "message");
        requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
        influencers = influencers == null ? List.of() : List.copyOf(influencers);
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("annotation end " + end + " is before its start " + start);
        }
    }

    /** The deterministic document id: one document per annotation, updated in place as it grows. */
    public String id() {
        return series == null ? ResultIds.jobAnnotation(kind, jobId, start) : ResultIds.annotation(kind, series, start);
    }

    public Severity severity() {
        return Severity.of(score);
    }

    public Annotation withSamples(List<String> ids, String url) {
        return new Annotation(kind, jobId, series, start, end, open, score, title, message, direction, reason, actual, expected,
                buckets, ids, url, influencers);
    }

    public Annotation withInfluencers(List<Influence> list) {
        return new Annotation(kind, jobId, series, start, end, open, score, title, message, direction, reason, actual, expected,
                buckets, requestIds, discoverUrl, list);
    }
}
