package io.kizashi.results;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;
import io.kizashi.core.model.Direction;
import io.kizashi.core.model.Reason;
import io.kizashi.core.model.ResultStatus;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.simulator.load.MdmLogIndices;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kibana saved objects (deploy/kibana) without a Kibana: the file parses, every reference resolves,
 * every field it names exists in our index templates with an aggregatable type (checked with
 * field_caps on a real node), and its queries and Lens aggregations return the expected documents.
 */
@WithElasticsearch
class KibanaSavedObjectsTest {

    static final Path FILE = Path.of(System.getProperty("kizashi.repo.root", "../..")).resolve("deploy/kibana/kizashi-saved-objects.ndjson");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> AGGREGATABLE = Set.of("keyword", "long", "integer", "short", "float", "double", "date", "boolean");
    static final Pattern KQL_TERM = Pattern.compile("([\\w.@]+) : \"([^\"]*)\"");

    record Obj(String type, String id, JsonNode node) {
    }

    static List<Obj> objects() throws IOException {
        List<String> lines = Files.readAllLines(FILE).stream().filter(l -> !l.isBlank()).toList();
        List<Obj> out = new ArrayList<>();
        for (String l : lines.subList(0, lines.size() - 1)) {
            JsonNode n = JSON.readTree(l);
            out.add(new Obj(n.get("type").asText(), n.get("id").asText(), n));
        }
        JsonNode summary = JSON.readTree(lines.getLast());
        assertThat(summary.get("exportedCount").asInt()).as("export summary count").isEqualTo(out.size());
        return out;
    }

    @Test
    void everyReferenceResolvesToAnObjectInTheFile() throws IOException {
        List<Obj> objs = objects();
        Set<String> present = new HashSet<>();
        objs.forEach(o -> present.add(o.type() + ":" + o.id()));
        assertThat(present).contains("dashboard:kizashi-platform-stability", "index-pattern:kizashi-logs",
                "index-pattern:kizashi-results", "index-pattern:kizashi-annotations");
        for (Obj o : objs) {
            Set<String> names = new HashSet<>();
            for (JsonNode r : o.node().get("references")) {
                assertThat(present).as("%s %s references %s", o.type(), o.id(), r).contains(r.get("type").asText() + ":" + r.get("id").asText());
                names.add(r.get("name").asText());
            }
            if (o.type().equals("lens")) {
                JsonNode state = o.node().at("/attributes/state");
                state.at("/datasourceStates/formBased/layers").fieldNames().forEachRemaining(layer ->
                        assertThat(names).as("lens %s data layer %s", o.id(), layer).contains("indexpattern-datasource-layer-" + layer));
                for (JsonNode layer : state.at("/visualization/layers")) {
                    if (layer.get("layerType").asText().equals("annotations")) {
                        assertThat(names).as("lens %s annotation layer", o.id()).contains("xy-visualization-layer-" + layer.get("layerId").asText());
                    }
                }
            }
            if (o.type().equals("dashboard")) {
                for (JsonNode p : JSON.readTree(o.node().at("/attributes/panelsJSON").asText())) {
                    assertThat(names).as("dashboard panel").contains(p.get("panelRefName").asText());
                }
            }
        }
    }

    @Test
    void fieldsExistAggregatableAndQueriesFindTheirDocuments(ElasticsearchClient client, IndexPrefix prefix) throws IOException {
        ResultIndices indices = new ResultIndices(prefix.value() + "kizashi-");
        indices.install(client, IndexAdmin.Settings.defaults());
        new IndexAdmin(client).putIndexTemplate(prefix.index("logs"), List.of(prefix.index("logs-mdm-*")), 200,
                IndexAdmin.Settings.defaults(), MdmLogIndices.mappings());
        writeSamples(client, indices, prefix);
        client.indices().refresh(r -> r.index(prefix.pattern()));

        Map<String, String> titles = new HashMap<>();
        List<Obj> objs = objects();
        for (Obj o : objs) {
            if (o.type().equals("index-pattern")) {
                titles.put(o.id(), prefix.value() + o.node().at("/attributes/title").asText());
                assertThat(o.node().at("/attributes/timeFieldName").asText()).isEqualTo("@timestamp");
            }
        }
        int checkedFields = 0;
        int checkedQueries = 0;
        for (Obj o : objs) {
            Map<String, String> dataViewOf = new HashMap<>();
            for (JsonNode r : o.node().get("references")) {
                dataViewOf.put(r.get("name").asText(), r.get("id").asText());
            }
            if (o.type().equals("lens")) {
                JsonNode state = o.node().at("/attributes/state");
                String resultsView = titles.get(dataViewOf.get("indexpattern-datasource-layer-data"));
                Set<String> fields = new HashSet<>();
                state.at("/datasourceStates/formBased/layers/data/columns").forEach(c -> fields.add(c.get("sourceField").asText()));
                checkedFields += assertAggregatable(client, resultsView, fields);
                String query = state.at("/query/query").asText();
                checkedQueries += assertFinds(client, resultsView, query, o.id());
                assertLensAggregationHasBuckets(client, resultsView, query, state.at("/datasourceStates/formBased/layers/data/columns"), o.id());
                for (JsonNode layer : state.at("/visualization/layers")) {
                    if (!layer.get("layerType").asText().equals("annotations")) {
                        continue;
                    }
                    String annView = titles.get(dataViewOf.get("xy-visualization-layer-" + layer.get("layerId").asText()));
                    for (JsonNode a : layer.get("annotations")) {
                        Set<String> af = new HashSet<>();
                        af.add(a.get("timeField").asText());
                        if (a.has("textField")) {
                            af.add(a.get("textField").asText());
                        }
                        a.path("extraFields").forEach(f -> af.add(f.asText()));
                        checkedFields += assertAggregatable(client, annView, af);
                        checkedQueries += assertFinds(client, annView, a.at("/filter/query").asText(), o.id() + "/" + a.get("id").asText());
                    }
                }
            }
            if (o.type().equals("search")) {
                String view = titles.get(dataViewOf.get("kibanaSavedObjectMeta.searchSourceJSON.index"));
                Set<String> cols = new HashSet<>();
                o.node().at("/attributes/columns").forEach(c -> cols.add(c.asText()));
                checkedFields += assertAggregatable(client, view, cols);
                JsonNode source = JSON.readTree(o.node().at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
                checkedQueries += assertFinds(client, view, source.at("/query/query").asText(), o.id());
            }
        }
        assertThat(checkedFields).isGreaterThan(20);
        assertThat(checkedQueries).isGreaterThanOrEqualTo(10);
    }

    /** Sample documents written by the real writers: three metrics of two services, one anomaly span, one change point. */
    static void writeSamples(ElasticsearchClient client, ResultIndices indices, IndexPrefix prefix) {
        ResultDocuments docs = new ResultDocuments(indices, "test");
        AnnotationDocuments anns = new AnnotationDocuments(indices, "test");
        AnnotationTracker tracker = new AnnotationTracker("mdm-requests");
        Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
        Duration span = Duration.ofMinutes(1);
        try (BulkIndexer bulk = new BulkIndexer(client)) {
            for (String svc : List.of("device-gateway", "auth")) {
                for (String metric : List.of("p95_latency", "error_ratio", "request_rate")) {
                    SeriesKey key = new SeriesKey("mdm-requests", metric, Map.of("service.name", svc));
                    for (int i = 0; i < 30; i++) {
                        boolean anomalous = svc.equals("auth") && metric.equals("p95_latency") && i >= 20 && i < 23;
                        BucketResult r = new BucketResult(t0.plus(span.multipliedBy(i)), anomalous ? 900 : 200, 200, 150, 250,
                                anomalous ? 1e-6 : 0.5, anomalous ? 60 : 0, anomalous, anomalous ? Direction.HIGH : Direction.NONE,
                                anomalous ? DeviationKind.SUSTAINED : DeviationKind.NONE, anomalous ? Reason.SUSTAINED_SHIFT : Reason.NORMAL,
                                ResultStatus.SCORED, List.of());
                        bulk.add(docs.record(key, span, r, false, 0.1 + i / 100.0, new PrecursorModel("mdm-precursor/v1", 0.5), "daily"));
                        AnnotationTracker.Update u = tracker.observe(key, span, r);
                        if (u != null) {
                            Annotation a = u.newPeak() ? tracker.attachSamples(key, u.annotation(), List.of("req-" + i), "http://k/x") : u.annotation();
                            bulk.add(anns.document(a, t0));
                        }
                    }
                }
            }
            SeriesKey key = new SeriesKey("mdm-requests", "request_rate", Map.of("service.name", "device-gateway"));
            ChangePoint cp = new ChangePoint(ChangeType.LEVEL_SHIFT, t0.plus(span.multipliedBy(5)), t0.plus(span.multipliedBy(25)), 10, 20, 5);
            bulk.add(docs.changepoint(key, span, cp));
            bulk.add(anns.document(new Annotation("changepoint", "mdm-requests", key, cp.start(), null, false, 50, "level shift",
                    "request_rate changed", "high", "level_shift", 20, 10, 0, List.of(), null, List.of()), t0));
            bulk.add(io.kizashi.elasticsearch.IndexDocument.of(prefix.index("logs-mdm-2026.11.20"), "l1",
                    Map.of("@timestamp", t0.toString(), "service.name", "auth", "http", Map.of("request", Map.of("id", "req-20")))));
            assertThat(bulk.flush().ok()).isTrue();
        }
    }

    static int assertAggregatable(ElasticsearchClient client, String index, Set<String> fields) throws IOException {
        FieldCapsResponse caps = client.fieldCaps(f -> f.index(index).fields(new ArrayList<>(fields)));
        for (String field : fields) {
            assertThat(caps.fields()).as("field %s exists in %s", field, index).containsKey(field);
            caps.fields().get(field).forEach((type, cap) -> {
                assertThat(AGGREGATABLE).as("%s in %s has type %s", field, index, type).contains(type);
                assertThat(cap.aggregatable()).as("%s in %s is aggregatable", field, index).isTrue();
            });
        }
        return fields.size();
    }

    /** Runs a KQL query of the simple form used in the file (field : "value" joined by and) and expects hits. */
    static int assertFinds(ElasticsearchClient client, String index, String kql, String where) throws IOException {
        Map<String, String> terms = new LinkedHashMap<>();
        if (!kql.isBlank()) {
            for (String part : kql.split(" and ")) {
                Matcher m = KQL_TERM.matcher(part.trim());
                assertThat(m.matches()).as("%s: query part '%s' is of the form field : \"value\"", where, part).isTrue();
                terms.put(m.group(1), m.group(2));
            }
        }
        SearchResponse<Void> r = client.search(s -> s.index(index).size(0).query(q -> q.bool(b -> {
            terms.forEach((f, v) -> b.filter(x -> x.term(t -> t.field(f).value(v))));
            return b;
        })), Void.class);
        assertThat(r.hits().total().value()).as("%s: '%s' on %s finds documents", where, kql, index).isGreaterThan(0);
        return 1;
    }

    /** The Lens layer as an aggregation: terms (split) x date_histogram x metric columns; every metric column has values. */
    static void assertLensAggregationHasBuckets(ElasticsearchClient client, String index, String kql, JsonNode columns, String where)
            throws IOException {
        Map<String, Aggregation> metrics = new HashMap<>();
        String split = null;
        for (var it = columns.fields(); it.hasNext(); ) {
            var e = it.next();
            String op = e.getValue().get("operationType").asText();
            String field = e.getValue().get("sourceField").asText();
            switch (op) {
                case "max" -> metrics.put(e.getKey(), Aggregation.of(a -> a.max(m -> m.field(field))));
                case "min" -> metrics.put(e.getKey(), Aggregation.of(a -> a.min(m -> m.field(field))));
                case "average" -> metrics.put(e.getKey(), Aggregation.of(a -> a.avg(m -> m.field(field))));
                case "terms" -> split = field;
                case "date_histogram" -> { }
                default -> throw new AssertionError(where + ": column operation " + op + " is not checked by this test");
            }
        }
        String splitField = split;
        Map<String, String> terms = new LinkedHashMap<>();
        for (String part : kql.split(" and ")) {
            Matcher m = KQL_TERM.matcher(part.trim());
            if (m.matches()) {
                terms.put(m.group(1), m.group(2));
            }
        }
        SearchResponse<Void> r = client.search(s -> s.index(index).size(0)
                .query(q -> q.bool(b -> {
                    terms.forEach((f, v) -> b.filter(x -> x.term(t -> t.field(f).value(v))));
                    return b;
                }))
                .aggregations("split", a -> a.terms(t -> t.field(splitField).size(5))
                        .aggregations("ts", h -> h.dateHistogram(d -> d.field("@timestamp").fixedInterval(f -> f.time("1m")))
                                .aggregations(metrics))), Void.class);
        var buckets = r.aggregations().get("split").sterms().buckets().array();
        assertThat(buckets).as("%s: lens layer has series", where).isNotEmpty();
        var ts = buckets.getFirst().aggregations().get("ts").dateHistogram().buckets().array();
        assertThat(ts).as("%s: lens layer has time buckets", where).isNotEmpty();
        for (String col : metrics.keySet()) {
            var agg = ts.getFirst().aggregations().get(col);
            double v = agg.isMax() ? agg.max().value() : agg.isMin() ? agg.min().value() : agg.avg().value();
            assertThat(Double.isFinite(v)).as("%s: column %s has a value", where, col).isTrue();
        }
    }
}
