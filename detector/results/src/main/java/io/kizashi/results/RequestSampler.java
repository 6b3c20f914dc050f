package io.kizashi.results;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches the request ids of sample requests from an anomalous bucket: the slowest or failing ones,
 * per the metric's {@link SampleSpec}, one per request (collapsed on the id field, since one request
 * logs several lines). One search request; the ids are the ones a support engineer pastes into Kibana.
 */
public final class RequestSampler {

    private final ElasticsearchClient client;

    public RequestSampler(ElasticsearchClient client) {
        this.client = client;
    }

    public List<String> sample(SampleSpec spec, Instant from, Instant to) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field(spec.timeField())
                .gte(JsonData.of(from.toEpochMilli())).lt(JsonData.of(to.toEpochMilli())).format("epoch_millis")))));
        for (Map.Entry<String, String> e : spec.splits().entrySet()) {
            filters.add(Query.of(q -> q.term(t -> t.field(e.getKey()).value(FieldValue.of(e.getValue())))));
        }
        if (spec.filterJson() != null) {
            filters.add(Query.of(q -> q.withJson(new StringReader(spec.filterJson()))));
        }
        if (spec.extraFilterJson() != null) {
            filters.add(Query.of(q -> q.withJson(new StringReader(spec.extraFilterJson()))));
        }
        filters.add(Query.of(q -> q.exists(x -> x.field(spec.idField()))));
        try {
            SearchResponse<JsonNode> resp = client.search(s -> {
                s.index(spec.indices()).size(spec.size()).query(q -> q.bool(b -> b.filter(filters)))
                        .source(src -> src.filter(f -> f.includes(spec.idField())))
                        .collapse(c -> c.field(spec.idField()))
                        .ignoreUnavailable(true).allowNoIndices(true);
                if (spec.sortField() != null) {
                    s.sort(o -> o.field(f -> f.field(spec.sortField()).order(spec.descending() ? SortOrder.Desc : SortOrder.Asc)));
                }
                s.sort(o -> o.field(f -> f.field(spec.timeField()).order(SortOrder.Desc)));
                return s;
            }, JsonNode.class);
            Set<String> ids = new LinkedHashSet<>();
            for (Hit<JsonNode> h : resp.hits().hits()) {
                JsonNode v = at(h.source(), spec.idField());
                if (v != null && v.isTextual()) {
                    ids.add(v.asText());
                }
            }
            return List.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException("sampling request ids from " + spec.indices() + " failed: " + e.getMessage(), e);
        }
    }

    /** A dotted field from a source document (nested objects or a literal dotted key). */
    static JsonNode at(JsonNode source, String dotted) {
        if (source == null) {
            return null;
        }
        if (source.has(dotted)) {
            return source.get(dotted);
        }
        JsonNode n = source;
        for (String part : dotted.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }
}
