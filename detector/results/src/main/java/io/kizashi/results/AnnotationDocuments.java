package io.kizashi.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.elasticsearch.IndexDocument;

import java.time.Instant;
import java.util.Objects;

/**
 * Annotation documents for Kibana's query-based annotations and TSVB: {@code @timestamp},
 * {@code event.end}, {@code event.kind}, keyword title, text message (with a keyword sub-field), and
 * aggregatable fields only for what a tooltip shows. The document lives in the index of its start day
 * and is rewritten under the same id while the annotation grows.
 */
public final class AnnotationDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ResultIndices indices;
    private final String modelVersion;

    public AnnotationDocuments(ResultIndices indices, String modelVersion) {
        this.indices = Objects.requireNonNull(indices, "indices");
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    }

    public IndexDocument document(Annotation a, Instant updated) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("@timestamp", a.start().toString());
        ObjectNode event = d.putObject("event");
        event.put("kind", a.kind());
        if (a.end() != null) {
            event.put("end", a.end().toString());
            event.put("duration", java.time.Duration.between(a.start(), a.end()).toNanos());
        }
        d.put("title", a.title());
        d.put("message", a.message());
        d.put("severity", a.severity().code());
        d.put("score", ResultDocuments.round(a.score()));
        d.put("state", a.open() ? "open" : "closed");
        d.put("buckets", a.buckets());
        d.put("job_id", a.jobId());
        if (a.series() != null) {
            d.put("series_id", a.series().id());
            d.put("series", a.series().canonical());
            d.put("metric", a.series().metric());
            ResultDocuments.splits(d, a.series());
        }
        if (a.direction() != null) {
            d.put("direction", a.direction());
        }
        if (a.reason() != null) {
            d.put("reason", a.reason());
        }
        ResultDocuments.number(d, "actual", a.actual());
        ResultDocuments.number(d, "expected", a.expected());
        if (!a.requestIds().isEmpty()) {
            ArrayNode ids = d.putObject("http").putObject("request").putArray("id");
            a.requestIds().forEach(ids::add);
        }
        if (a.discoverUrl() != null) {
            d.putObject("kibana").put("discover_url", a.discoverUrl());
        }
        ResultDocuments.influencers(d, a.influencers());
        d.put("model_version", modelVersion);
        d.put("updated", updated.toString());
        return IndexDocument.of(indices.annotationsIndex(a.start()), a.id(), d);
    }
}
