package io.kizashi.elasticsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One document to index: target index, a deterministic {@code _id} (so re-sending replaces instead of
 * duplicating) and its source already serialised to JSON bytes (so batches can be bounded by size).
 */
public record IndexDocument(String index, String id, byte[] json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public IndexDocument {
        if (index == null || index.isBlank()) {
            throw new IllegalArgumentException("index is blank: every document needs a target index");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id is empty for a document of index '" + index
                + "': give a deterministic id so that re-indexing replaces instead of duplicating");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > 512) {
            throw new IllegalArgumentException("id '" + id.substring(0, 40) + "...' is longer than Elasticsearch's 512-byte limit");
        }
        Objects.requireNonNull(json, "json");
        if (json.length == 0) {
            throw new IllegalArgumentException("document '" + id + "' has an empty source");
        }
    }

    public static IndexDocument of(String index, String id, Map<String, ?> source) {
        return new IndexDocument(index, id, write(source));
    }

    public static IndexDocument of(String index, String id, ObjectNode source) {
        return new IndexDocument(index, id, write(source));
    }

    /** The source as a string, for messages and tests. */
    public String jsonString() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexDocument d && d.index.equals(index) && d.id.equals(id) && java.util.Arrays.equals(d.json, json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, id, java.util.Arrays.hashCode(json));
    }

    @Override
    public String toString() {
        return "IndexDocument[" + index + "/" + id + ", " + json.length + " bytes]";
    }

    private static byte[] write(Object source) {
        Objects.requireNonNull(source, "source");
        try {
            return MAPPER.writeValueAsBytes(source);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document source cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
