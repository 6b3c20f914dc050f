package io.kizashi.results;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.simulator.IncidentKind;
import io.kizashi.simulator.LogDocument;
import io.kizashi.simulator.LogGenerator;
import io.kizashi.simulator.MdmCatalog;
import io.kizashi.simulator.SimulationConfig;
import io.kizashi.simulator.load.EsLogLoader;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulated DB-pool incident on "inventory": per-minute p95 latency is computed by brute force from
 * the generated documents, scored by the core model, and written to a real node; the logs around the
 * incident are loaded too, so request-id samples can be checked against them.
 */
@WithElasticsearch
class ResultsWriterEsTest {

    static final Instant START = Instant.parse("2025-03-02T15:00:00Z"); // Monday 00:00 JST
    static final Instant ONSET = START.plus(Duration.ofHours(10));
    static final Instant INC_START = ONSET.plus(Duration.ofMinutes(30));
    static final Instant INC_END = INC_START.plus(Duration.ofMinutes(20));
    static final Duration MIN = Duration.ofMinutes(1);
    static final String SERVICE = "inventory";

    @Test
    void incidentResultsAreWrittenOnceWithMergedAnnotationsAndRealRequestIds(ElasticsearchClient client, IndexPrefix prefix)
            throws IOException {
        SimulationConfig base = new SimulationConfig(7, START, 3.0, 0.003, SimulationConfig.TOKYO, prefix.index("logs-mdm-"),
                "mdm-prod", MdmCatalog.services(), 400, 0, 0, List.of(), Duration.ofMinutes(2), 6);
        SimulationConfig cfg = base.withIncident(base.incident("inc-pool", IncidentKind.DB_POOL_SATURATION, SERVICE, ONSET, INC_START, INC_END));
        LogGenerator gen = new LogGenerator(cfg);
        Instant end = INC_END.plus(Duration.ofMinutes(40));

        // brute-force p95 of event.duration (ms) of completed inventory requests per minute
        TreeMap<Instant, List<Double>> perMinute = new TreeMap<>();
        gen.generate(START, end, Duration.ofHours(1), docs -> {
            for (LogDocument d : docs) {
                if (SERVICE.equals(d.service()) && "request-completed".equals(d.action())) {
                    Instant m = Instant.ofEpochMilli(d.timestampMs() - Math.floorMod(d.timestampMs(), 60_000L));
                    perMinute.computeIfAbsent(m, k -> new ArrayList<>()).add(d.longValue("event.duration", 0) / 1e6);
                }
            }
        });
        SeriesKey key = new SeriesKey("mdm", "p95_latency_ms", Map.of("service.name", SERVICE));
        SeriesModel model = SeriesModel.create(ModelConfig.defaults().withBucketSpan(MIN));
        Instant loadFrom = ONSET.minus(Duration.ofMinutes(30));
        List<BucketResult> window = new ArrayList<>();
        for (Instant t = START; t.isBefore(end); t = t.plus(MIN)) {
            List<Double> xs = perMinute.get(t);
            BucketResult r = xs == null ? model.missing(t) : model.observe(t, p95(xs));
            if (!t.isBefore(loadFrom)) {
                window.add(r);
            }
        }
        assertThat(window.stream().filter(BucketResult::anomalous).map(BucketResult::timestamp).filter(t -> !t.isBefore(ONSET) && t.isBefore(INC_END)))
                .as("the incident's p95 is anomalous").isNotEmpty();

        // the logs around the incident, for request-id samples
        new EsLogLoader(client, BulkIndexer.Options.defaults()).backfill(gen, loadFrom, end, Duration.ofMinutes(30), null);
        ResultIndices indices = new ResultIndices(prefix.value());
        indices.install(client, IndexAdmin.Settings.defaults());
        SampleSpec spec = new SampleSpec(List.of(cfg.indexPrefix() + "*"), "@timestamp", null, key.splits(),
                "{\"term\":{\"event.action\":\"request-completed\"}}", "event.duration", true, SampleSpec.DEFAULT_ID_FIELD, 5);
        ResultsWriter writer = new ResultsWriter(client, indices, "test-model", new DiscoverLinks("http://kibana:5601", "kizashi-logs"),
                k -> spec, BulkIndexer.Options.defaults());
        SeriesResults batch = new SeriesResults(key, window, model.seasonality());
        ResultsWriter.Summary first = writer.write("mdm", MIN, List.of(batch), false, end);
        assertThat(first.ok()).isTrue();
        client.indices().refresh(r -> r.index(prefix.pattern()));
        long results = count(client, indices.resultsPattern());
        long annotations = count(client, indices.annotationsPattern());
        assertThat(results).isEqualTo(first.records() + first.buckets() + first.changepoints());

        // writing the same cycle again (a restart replaying it) replaces, never duplicates
        ResultsWriter again = new ResultsWriter(client, indices, "test-model", new DiscoverLinks("http://kibana:5601", "kizashi-logs"),
                k -> spec, BulkIndexer.Options.defaults());
        assertThat(again.write("mdm", MIN, List.of(batch), false, end).ok()).isTrue();
        client.indices().refresh(r -> r.index(prefix.pattern()));
        assertThat(count(client, indices.resultsPattern())).isEqualTo(results);
        assertThat(count(client, indices.annotationsPattern())).isEqualTo(annotations);

        // the anomaly annotation: one span per incident, its request ids really come from the peak bucket
        SearchResponse<JsonNode> anns = client.search(s -> s.index(indices.annotationsPattern()).size(50)
                .query(q -> q.term(t -> t.field("event.kind").value("anomaly"))), JsonNode.class);
        List<JsonNode> spans = anns.hits().hits().stream().map(Hit::source).toList();
        assertThat(spans).isNotEmpty();
        JsonNode incident = spans.stream().filter(a -> !Instant.parse(a.get("@timestamp").asText()).isAfter(INC_END)
                && !Instant.parse(a.at("/event/end").asText()).isBefore(ONSET)).findFirst().orElseThrow();
        Instant aStart = Instant.parse(incident.get("@timestamp").asText());
        Instant aEnd = Instant.parse(incident.at("/event/end").asText());
        assertThat(aEnd).isAfter(aStart);
        assertThat(incident.get("buckets").asInt()).isBetween(1, (int) Duration.between(aStart, aEnd).toMinutes());
        assertThat(incident.get("service.name") != null ? incident.get("service.name").asText() : incident.at("/service/name").asText())
                .isEqualTo(SERVICE);
        assertThat(incident.at("/kibana/discover_url").asText()).contains("service.name%20:%20%22inventory%22");
        JsonNode ids = incident.at("/http/request/id");
        assertThat(ids.isArray() && ids.size() > 0).as("request ids in %s", incident).isTrue();
        List<FieldValue> idValues = new ArrayList<>();
        ids.forEach(i -> idValues.add(FieldValue.of(i.asText())));
        SearchResponse<JsonNode> lines = client.search(s -> s.index(cfg.indexPrefix() + "*").size(500)
                .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field("http.request.id").terms(v -> v.value(idValues))))
                        .filter(f -> f.term(t -> t.field("event.action").value("request-completed"))))), JsonNode.class);
        assertThat(lines.hits().hits()).hasSize(ids.size());
        for (Hit<JsonNode> h : lines.hits().hits()) {
            Instant ts = Instant.parse(h.source().get("@timestamp").asText());
            assertThat(h.source().at("/service/name").asText()).isEqualTo(SERVICE);
            assertThat(ts).as("a sampled request lies in the annotation's span").isBetween(aStart, aEnd);
        }

        // every field a tooltip shows is aggregatable
        FieldCapsResponse caps = client.fieldCaps(f -> f.index(indices.annotationsPattern())
                .fields("title", "severity", "score", "http.request.id", "service.name", "event.kind", "event.end", "message.keyword",
                        "kibana.discover_url", "influencer_values"));
        for (String field : List.of("title", "severity", "score", "http.request.id", "service.name", "event.kind", "event.end", "message.keyword")) {
            assertThat(caps.fields().get(field)).as(field).isNotNull();
            assertThat(caps.fields().get(field).values().iterator().next().aggregatable()).as(field + " aggregatable").isTrue();
        }
    }

    @Test
    void retentionDeletesWholeOldDaysOnly(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        ResultIndices indices = new ResultIndices(prefix.value());
        indices.install(client, IndexAdmin.Settings.defaults());
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        SeriesKey key = SeriesKey.of("mdm", "count");
        ResultDocuments docs = new ResultDocuments(indices, "v");
        try (BulkIndexer bulk = new BulkIndexer(client)) {
            for (int daysAgo : new int[] {30, 19, 18, 0}) {
                Instant t = now.minus(Duration.ofDays(daysAgo));
                bulk.add(docs.record(key, MIN, new BucketResult(t, 1, 1, 0, 2, 1, 0, false, io.kizashi.core.model.Direction.NONE,
                        io.kizashi.core.model.DeviationKind.NONE, io.kizashi.core.model.Reason.NORMAL,
                        io.kizashi.core.model.ResultStatus.SCORED, List.of()), false, Double.NaN, null, null));
            }
            assertThat(bulk.flush().ok()).isTrue();
        }
        List<String> deleted = new Retention(client, indices).apply(Duration.ofDays(18), now);
        assertThat(deleted).containsExactlyInAnyOrder(indices.resultsIndex(now.minus(Duration.ofDays(30))),
                indices.resultsIndex(now.minus(Duration.ofDays(19))));
        assertThat(client.indices().exists(e -> e.index(indices.resultsIndex(now.minus(Duration.ofDays(18))))).value()).isTrue();
        assertThat(client.indices().exists(e -> e.index(indices.resultsIndex(now))).value()).isTrue();
    }

    static long count(ElasticsearchClient client, String pattern) throws IOException {
        return client.count(c -> c.index(pattern)).count();
    }

    static double p95(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[(int) Math.ceil(0.95 * a.length) - 1];
    }
}
