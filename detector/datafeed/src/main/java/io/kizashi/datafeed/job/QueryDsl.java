package io.kizashi.datafeed.job;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Elasticsearch query (query DSL) as compact JSON, e.g. {@code {"term":{"event.action":"request-completed"}}}.
 * It is checked when the job is loaded: it must be an object with exactly one query type that the
 * Elasticsearch client understands, so a typo fails at validation rather than at the first pull.
 *
 * @param json the query as compact JSON
 */
public record QueryDsl(String json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public QueryDsl {
        Objects.requireNonNull(json, "json");
        Optional<String> problem = problem(json);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("invalid query " + json + ": " + problem.get());
        }
        json = compact(json);
    }

    /** The query for the Elasticsearch client. */
    public Query toQuery() {
        return Query.of(q -> q.withJson(new StringReader(json)));
    }

    /** What is wrong with the query text, or empty when it is a usable query. */
    public static Optional<String> problem(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Optional.of("not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            return Optional.of("a query must be an object such as {term: {service.name: auth}}");
        }
        if (node.size() != 1) {
            return Optional.of("a query must have exactly one query type (term, terms, range, bool, match, exists, "
                + "query_string, ...), found " + node.size() + ": " + fieldNames(node) + "; combine several with bool.filter");
        }
        Query query;
        try {
            query = Query.of(q -> q.withJson(new StringReader(json)));
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            return Optional.of("Elasticsearch's query DSL does not accept it: " + msg);
        }
        if (query._kind() == Query.Kind._Custom) {
            // The client takes unknown names for plugin queries; in a job file they are typos.
            String type = node.fieldNames().next();
            List<String> known = Arrays.stream(Query.Kind.values()).filter(k -> k != Query.Kind._Custom)
                .map(Query.Kind::jsonValue).toList();
            String close = JobParser.closest(type, known);
            return Optional.of("unknown query type '" + type + "'" + (close != null ? ": did you mean '" + close + "'?" : "")
                + " Common types: term, terms, range, exists, match, bool, query_string, prefix, wildcard");
        }
        return Optional.empty();
    }

    private static String compact(String json) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder sb = new StringBuilder("[");
        node.fieldNames().forEachRemaining(n -> sb.append(sb.length() > 1 ? ", " : "").append(n));
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return json;
    }
}
