package io.kizashi.service.support;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the results index of a test run back: per series, its records in time order. */
public final class ResultsCheck {

    private ResultsCheck() {
    }

    /** Per series id: "time actual expected score status" of each record in [from, to), in time order. */
    public static Map<String, List<String>> records(ElasticsearchClient client, String prefix, Instant from, Instant to) throws IOException {
        client.indices().refresh(r -> r.index(prefix + "*"));
        Map<String, List<String>> out = new TreeMap<>();
        List<StringTermsBucket> series = client.search(q -> q.index(prefix + "results-*").size(0)
                .query(x -> x.term(t -> t.field("result_type").value("record")))
                .aggregations("s", a -> a.terms(t -> t.field("series_id").size(10_000))), Void.class)
                .aggregations().get("s").sterms().buckets().array();
        for (StringTermsBucket b : series) {
            String id = b.key().stringValue();
            List<String> rows = new ArrayList<>();
            for (var h : client.search(q -> q.index(prefix + "results-*").size(10_000)
                    .query(x -> x.bool(bb -> bb.filter(f -> f.term(t -> t.field("series_id").value(id)))
                            .filter(f -> f.term(t -> t.field("result_type").value("record")))
                            .filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toString()))
                                    .lt(JsonData.of(to.toString())))))))
                    .sort(o -> o.field(f -> f.field("@timestamp"))), JsonNode.class).hits().hits()) {
                JsonNode s = h.source();
                rows.add(s.get("@timestamp").asText() + " " + s.path("actual").asText("-") + " " + s.path("expected").asText("-") + " "
                        + s.path("score").asText("-") + " " + s.path("status").asText());
            }
            out.put(id, rows);
        }
        return out;
    }

    /** Records in [from, to) written more than once (_version > 1: same id, so never a second document). */
    public static long rewritten(ElasticsearchClient client, String prefix, Instant from, Instant to) throws IOException {
        long n = 0;
        for (var h : client.search(q -> q.index(prefix + "results-*").size(10_000).version(true)
                .query(x -> x.bool(bb -> bb.filter(f -> f.term(t -> t.field("result_type").value("record")))
                        .filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toString()))
                                .lt(JsonData.of(to.toString()))))))), Void.class).hits().hits()) {
            if (h.version() != null && h.version() > 1) {
                n++;
            }
        }
        return n;
    }
}
