package io.kizashi.service.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.results.ResultIndices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads stored results and annotations back for the API (blocking; called from a worker). */
public final class ResultsQueries {

    /** At most this many buckets per request: the console draws a few thousand points at most. */
    public static final int MAX_POINTS = 10_000;

    private final ElasticsearchClient client;
    private final ResultIndices indices;

    public ResultsQueries(ElasticsearchClient client, ResultIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Result documents of one series and type in [from, to), oldest first. */
    public List<JsonNode> results(String seriesId, String resultType, Instant from, Instant to) {
        return search(indices.resultsPattern(), List.of(term("series_id", seriesId), term("result_type", resultType), range(from, to)),
                MAX_POINTS, SortOrder.Asc);
    }

    /** Annotations of one series (or a whole job when seriesId is null) that start in [from - 1 day, to). */
    public List<JsonNode> annotations(String jobId, String seriesId, Instant from, Instant to) {
        List<Query> filters = new ArrayList<>();
        filters.add(term("job_id", jobId));
        if (seriesId != null) {
            filters.add(term("series_id", seriesId));
        }
        filters.add(range(from.minusSeconds(86_400), to));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : search(indices.annotationsPattern(), filters, 500, SortOrder.Desc)) {
            Instant end = a.at("/event/end").isTextual() ? Instant.parse(a.at("/event/end").asText()) : Instant.parse(a.get("@timestamp").asText());
            if (!end.isBefore(from)) {
                out.add(a);
            }
        }
        return out;
    }

    private List<JsonNode> search(String index, List<Query> filters, int size, SortOrder order) {
        try {
            SearchResponse<JsonNode> r = client.search(s -> s.index(index).size(size).ignoreUnavailable(true).allowNoIndices(true)
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(o -> o.field(f -> f.field("@timestamp").order(order))), JsonNode.class);
            return r.hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + index + " failed: " + e.getMessage(), e);
        }
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static Query range(Instant from, Instant to) {
        return Query.of(q -> q.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(from.toEpochMilli()))
                .lt(JsonData.of(to.toEpochMilli())).format("epoch_millis"))));
    }
}
