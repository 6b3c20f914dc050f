package io.kizashi.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/** Idempotent index administration: create an index or index template, switch refresh, refresh. */
public final class IndexAdmin {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The index settings Kizashi sets itself.
     *
     * @param shards          primary shards
     * @param replicas        replicas (0 on a single node, or the index stays yellow)
     * @param refreshInterval e.g. "1s", "30s", or "-1" to disable refresh during a bulk load
     */
    public record Settings(int shards, int replicas, String refreshInterval) {
        public Settings {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be >= 1, got " + shards);
            }
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
            }
            Objects.requireNonNull(refreshInterval, "refreshInterval");
            if (!refreshInterval.matches("-1|\\d+(ms|s|m|h)")) {
                throw new IllegalArgumentException("refreshInterval '" + refreshInterval + "' is not a time value: use e.g. 1s, 500ms or -1");
            }
        }

        /** One shard, no replica, 1 s refresh. */
        public static Settings defaults() {
            return new Settings(1, 0, "1s");
        }

        public Settings withRefreshInterval(String interval) {
            return new Settings(shards, replicas, interval);
        }

        ObjectNode toJson() {
            ObjectNode s = MAPPER.createObjectNode();
            s.put("number_of_shards", shards);
            s.put("number_of_replicas", replicas);
            s.put("refresh_interval", refreshInterval);
            return s;
        }
    }

    private final ElasticsearchClient client;

    public IndexAdmin(ElasticsearchClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Creates the index unless it exists (an existing index is left as it is, mappings included).
     *
     * @param mappingsJson the "mappings" object, e.g. {@code {"properties":{"x":{"type":"long"}}}}, or null
     * @return true if this call created it
     */
    public boolean createIndexIfAbsent(String name, Settings settings, String mappingsJson) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("settings", settings.toJson());
        if (mappingsJson != null) {
            body.set("mappings", parse(mappingsJson, "mappings of index " + name));
        }
        try {
            if (client.indices().exists(e -> e.index(name)).value()) {
                return false;
            }
            client.indices().create(c -> c.index(name).withJson(new StringReader(body.toString())));
            return true;
        } catch (ElasticsearchException e) {
            if (e.error() != null && "resource_already_exists_exception".equals(e.error().type())) {
                return false; // created concurrently by someone else: that is what we wanted
            }
            throw new IllegalStateException("cannot create index '" + name + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create index '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * Creates or replaces a composable index template (PUT is idempotent). Indices created later that
     * match the patterns get its settings and mappings; existing ones are not changed.
     */
    public void putIndexTemplate(String name, List<String> patterns, int priority, Settings settings, String mappingsJson) {
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("index template '" + name + "' needs at least one index pattern, e.g. logs-mdm-*");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.putPOJO("index_patterns", patterns);
        body.put("priority", priority);
        ObjectNode template = body.putObject("template");
        template.set("settings", settings.toJson());
        if (mappingsJson != null) {
            template.set("mappings", parse(mappingsJson, "mappings of index template " + name));
        }
        try {
            client.indices().putIndexTemplate(p -> p.name(name).withJson(new StringReader(body.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put index template '" + name + "': " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new IllegalStateException("cannot put index template '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Sets refresh_interval ("-1" disables refresh) on the indices matching the expression. */
    public void setRefreshInterval(String indexExpression, String interval) {
        Settings.defaults().withRefreshInterval(interval); // validates the value
        putSettings(indexExpression, java.util.Map.of("refresh_interval", interval));
    }

    /**
     * Updates dynamic index settings (names without the "index." prefix, e.g. {@code translog.durability})
     * on the indices matching the expression; a null value resets a setting to its default.
     */
    public void putSettings(String indexExpression, java.util.Map<String, ?> settings) {
        ObjectNode index = MAPPER.createObjectNode();
        settings.forEach((k, v) -> index.set(k, v == null ? MAPPER.nullNode() : MAPPER.valueToTree(v)));
        String body = "{\"index\":" + index + "}";
        try {
            client.indices().putSettings(p -> p.index(indexExpression).allowNoIndices(true)
                .expandWildcards(ExpandWildcard.Open).withJson(new StringReader(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update settings " + settings.keySet() + " of '" + indexExpression + "': " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            throw new IllegalStateException("cannot update settings " + settings.keySet() + " of '" + indexExpression + "': " + e.getMessage(), e);
        }
    }

    /** Makes everything indexed so far searchable. */
    public void refresh(String indexExpression) {
        try {
            client.indices().refresh(r -> r.index(indexExpression).allowNoIndices(true).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh '" + indexExpression + "': " + e.getMessage(), e);
        }
    }

    public boolean exists(String index) {
        try {
            return client.indices().exists(e -> e.index(index)).value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check index '" + index + "': " + e.getMessage(), e);
        }
    }

    /** Deletes the indices if they exist (wildcards allowed); used by tests and re-loads. */
    public void deleteIfExists(String indexExpression) {
        try {
            client.indices().delete(d -> d.index(indexExpression).ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete '" + indexExpression + "': " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json, String what) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + " must be a JSON object, got: " + abbreviate(json));
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
