package io.kizashi.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into a Jackson tree while remembering the line and column of every path, so
 * that validation errors can point into the file. Duplicate keys and extra documents are errors (a
 * silently ignored second {@code for:} is how alerts get lost). The hints say what the file should
 * hold, for the empty-file and several-documents errors. Shared
 * with the other strict configuration loaders (service settings).
 */
public final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final List<ConfigError> errors;
    private final String emptyHint;
    private final String severalDocumentsHint;
    private final Map<String, int[]> locations = new HashMap<>();

    /**
     * @param emptyHint            what an empty file lacks, e.g. "a job needs at least job_id, source and metrics"
     * @param severalDocumentsHint what to do instead of several '---' documents
     */
    public YamlTree(String file, List<ConfigError> errors, String emptyHint, String severalDocumentsHint) {
        this.file = file;
        this.errors = errors;
        this.emptyHint = emptyHint;
        this.severalDocumentsHint = severalDocumentsHint;
    }

    /** Line and column of a path; for a missing key, those of the nearest enclosing one that exists; else {0, 0}. */
    public int[] location(String path) {
        String p = path;
        while (true) {
            int[] at = locations.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return new int[] {0, 0};
            }
            p = p.substring(0, cut);
        }
    }

    /** The document's root, or null when it could not be read (an error has been recorded). */
    public JsonNode read(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                errors.add(new ConfigError(file, 0, 0, "", null,
                    "the file is empty: " + emptyHint));
                return null;
            }
            JsonNode root = value(p, "");
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                errors.add(new ConfigError(file, l.getLineNr(), l.getColumnNr(), "", null,
                    "the file holds more than one YAML document ('---'): " + severalDocumentsHint));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            errors.add(new ConfigError(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "", null,
                "not valid YAML: " + e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode value(JsonParser p, String path) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        locations.putIfAbsent(path, new int[] {at.getLineNr(), at.getColumnNr()});
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    JsonLocation kl = p.currentTokenLocation();
                    p.nextToken();
                    boolean duplicate = o.has(name);
                    if (!duplicate) {
                        locations.put(child, new int[] {kl.getLineNr(), kl.getColumnNr()});
                    }
                    JsonNode v = value(p, child);
                    if (duplicate) {
                        errors.add(new ConfigError(file, kl.getLineNr(), kl.getColumnNr(), child, name,
                            "key '" + name + "' appears twice: keep one"));
                    } else {
                        o.set(name, v);
                    }
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, path + "[" + i++ + "]"));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NODES.numberNode(p.getBigIntegerValue())
                    : NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                // Embedded objects (YAML binary) and the like have no place in a job file.
                return NODES.textNode(p.getText());
            }
        }
    }
}
