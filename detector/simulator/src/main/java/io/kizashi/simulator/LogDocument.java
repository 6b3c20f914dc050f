package io.kizashi.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One log document as Filebeat would ship it: its deterministic {@code _id}, the daily index it goes
 * to, its timestamp, and its fields under ECS dotted names (written as nested JSON objects).
 */
public record LogDocument(String id, String index, long timestampMs, Map<String, Object> fields) {

    private static final Map<String, String[]> SPLIT = new java.util.concurrent.ConcurrentHashMap<>();

    /** Documents in time order; ties broken by id, so any set of documents has one canonical order. */
    public static final Comparator<LogDocument> ORDER =
        Comparator.comparingLong(LogDocument::timestampMs).thenComparing(LogDocument::id);

    private static final JsonFactory JSON = new JsonFactory();

    public LogDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(index, "index");
        fields = Collections.unmodifiableMap(Fields.copyOf(fields));
    }

    public Object get(String dottedName) {
        return fields.get(dottedName);
    }

    public String string(String dottedName) {
        Object v = fields.get(dottedName);
        return v == null ? null : v.toString();
    }

    public long longValue(String dottedName, long absent) {
        Object v = fields.get(dottedName);
        return v instanceof Number n ? n.longValue() : absent;
    }

    public String service() {
        return string("service.name");
    }

    public String dataset() {
        return string("event.dataset");
    }

    public String action() {
        return string("event.action");
    }

    /** HTTP status of a request-completed line, else 0. */
    public int status() {
        return (int) longValue("http.response.status_code", 0);
    }

    /** The source as nested JSON (UTF-8), fields in their insertion order: stable bytes for a given document. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1600);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (!writeStreaming(g, fields)) {
                throw new IllegalStateException("unreachable");
            }
        } catch (NotContiguous e) {
            out.reset();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                writeTree(g, nest(fields));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Thrown when fields sharing a prefix are not adjacent, so nested objects cannot be streamed in one pass. */
    private static final class NotContiguous extends RuntimeException {
        NotContiguous() {
            super(null, null, false, false);
        }
    }

    /**
     * Writes nested objects in one pass when fields that share a dotted prefix are adjacent (the
     * generator builds them that way); otherwise signals the caller to group them first.
     */
    private static boolean writeStreaming(JsonGenerator g, Map<String, Object> fields) throws IOException {
        String[] open = new String[8];
        int depth = 0;
        java.util.Set<String> closed = null;
        g.writeStartObject();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String[] parts = SPLIT.computeIfAbsent(e.getKey(), k -> k.split("\\."));
            int common = 0;
            while (common < depth && common < parts.length - 1 && open[common].equals(parts[common])) {
                common++;
            }
            while (depth > common) {
                depth--;
                if (closed == null) {
                    closed = new java.util.HashSet<>();
                }
                closed.add(String.join(".", java.util.Arrays.copyOf(open, depth + 1)));
                g.writeEndObject();
            }
            for (int i = depth; i < parts.length - 1; i++) {
                if (closed != null && closed.contains(String.join(".", java.util.Arrays.copyOf(parts, i + 1)))) {
                    throw new NotContiguous();
                }
                g.writeFieldName(parts[i]);
                g.writeStartObject();
                open[depth++] = parts[i];
            }
            g.writeFieldName(parts[parts.length - 1]);
            writeValue(g, e.getValue());
        }
        while (depth-- > 0) {
            g.writeEndObject();
        }
        g.writeEndObject();
        return true;
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case null -> g.writeNull();
            default -> g.writeString(v.toString());
        }
    }

    public String toJsonString() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }

    /** Groups dotted names into nested maps, keeping first-seen order at every level. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey();
            Map<String, Object> node = root;
            int from = 0;
            int dot;
            while ((dot = key.indexOf('.', from)) > 0) {
                String part = key.substring(from, dot);
                Object child = node.get(part);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(part, child);
                }
                node = (Map<String, Object>) child;
                from = dot + 1;
            }
            node.put(key.substring(from), e.getValue());
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void writeTree(JsonGenerator g, Map<String, Object> node) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() instanceof Map<?, ?> m) {
                writeTree(g, (Map<String, Object>) m);
            } else {
                writeValue(g, e.getValue());
            }
        }
        g.writeEndObject();
    }
}
