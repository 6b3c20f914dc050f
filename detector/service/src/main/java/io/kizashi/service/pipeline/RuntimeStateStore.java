package io.kizashi.service.pipeline;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.elasticsearch.IndexDocument;
import io.kizashi.results.AnnotationTracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's per-job runtime state that must survive a restart besides the model states: the open
 * anomaly annotations (so a span that was growing keeps growing under the same id).
 */
public final class RuntimeStateStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MAPPINGS = """
            {"dynamic": "strict", "properties": {"job_id": {"type": "keyword"}, "updated": {"type": "date"},
              "open_annotations": {"type": "object", "enabled": false}}}""";

    private final ElasticsearchClient client;
    private final String index;

    public RuntimeStateStore(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
    }

    public void install() {
        new IndexAdmin(client).createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MAPPINGS);
    }

    public void save(String jobId, List<AnnotationTracker.Open> open, Instant now) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("job_id", jobId);
        d.put("updated", now.toString());
        ArrayNode arr = d.putArray("open_annotations");
        for (AnnotationTracker.Open o : open) {
            ObjectNode a = arr.addObject();
            a.put("job_id", o.series().jobId());
            a.put("metric", o.series().metric());
            ObjectNode splits = a.putObject("splits");
            o.series().splits().forEach(splits::put);
            a.put("start", o.start().toString());
            a.put("last", o.lastAnomalous().toString());
            a.put("buckets", o.buckets());
            a.put("quiet", o.quiet());
            a.put("max_score", o.maxScore());
            a.put("peak", o.peak().toString());
            putNumber(a, "peak_actual", o.peakActual());
            putNumber(a, "peak_expected", o.peakExpected());
            a.put("direction", o.direction());
            a.put("reason", o.reason());
            ArrayNode ids = a.putArray("request_ids");
            o.requestIds().forEach(ids::add);
            if (o.discoverUrl() != null) {
                a.put("discover_url", o.discoverUrl());
            }
        }
        try (BulkIndexer bulk = new BulkIndexer(client, BulkIndexer.Options.defaults())) {
            bulk.add(IndexDocument.of(index, "runtime-" + jobId, d));
            BulkIndexer.Result r = bulk.flush();
            if (!r.ok()) {
                throw new IllegalStateException("saving the runtime state of job " + jobId + " failed: " + r.summary());
            }
        }
    }

    public List<AnnotationTracker.Open> load(String jobId) {
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                return List.of();
            }
            GetResponse<JsonNode> g = client.get(r -> r.index(index).id("runtime-" + jobId), JsonNode.class);
            if (!g.found()) {
                return List.of();
            }
            List<AnnotationTracker.Open> out = new ArrayList<>();
            for (JsonNode a : g.source().path("open_annotations")) {
                Map<String, String> splits = new TreeMap<>();
                a.path("splits").fields().forEachRemaining(e -> splits.put(e.getKey(), e.getValue().asText()));
                List<String> ids = new ArrayList<>();
                a.path("request_ids").forEach(x -> ids.add(x.asText()));
                out.add(new AnnotationTracker.Open(new SeriesKey(a.get("job_id").asText(), a.get("metric").asText(), splits),
                        Instant.parse(a.get("start").asText()), Instant.parse(a.get("last").asText()), a.get("buckets").asInt(),
                        a.get("quiet").asInt(), a.get("max_score").asDouble(), Instant.parse(a.get("peak").asText()),
                        a.path("peak_actual").asDouble(Double.NaN), a.path("peak_expected").asDouble(Double.NaN),
                        a.get("direction").asText(), a.get("reason").asText(), ids,
                        a.hasNonNull("discover_url") ? a.get("discover_url").asText() : null));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("loading the runtime state of job " + jobId + " failed: " + e.getMessage(), e);
        }
    }

    private static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        }
    }
}
