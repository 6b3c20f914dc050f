package io.kizashi.datafeed.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a {@link DatafeedState} as the JSON document of the state index and reads it back. Reading is
 * lenient about fields it does not know (a newer minor writer may add some) and strict about the format
 * version: a state written by a newer major format is refused rather than misread.
 *
 * <p>Format 1: {@code version, job_id, bucket_span_ms, split_fields, fingerprint, backfill_start,
 * checkpoint, checkpoint_ms, series: [{key: [..], first_ms, last_ms}], recent_counts: {from_ms, span_ms,
 * counts: [..]} (dense, -1 = unknown), last_delayed_check, pending_revisions: [{from, to}], commits,
 * writer, updated_at}.
 */
public final class StateMapper {

    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StateMapper() {
    }

    public static ObjectNode toJson(DatafeedState s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("version", VERSION);
        o.put("job_id", s.jobId());
        o.put("bucket_span_ms", s.bucketSpan().toMillis());
        ArrayNode fields = o.putArray("split_fields");
        s.splitFields().forEach(fields::add);
        o.put("fingerprint", s.fingerprint());
        o.put("backfill_start", s.backfillStart().toString());
        o.put("checkpoint", s.checkpoint().toString());
        o.put("checkpoint_ms", s.checkpoint().toEpochMilli());
        ArrayNode series = o.putArray("series");
        for (Map.Entry<List<String>, SeriesSeen> e : s.series().entrySet()) {
            ObjectNode n = series.addObject();
            ArrayNode key = n.putArray("key");
            e.getKey().forEach(key::add);
            n.put("first_ms", e.getValue().firstMs());
            n.put("last_ms", e.getValue().lastMs());
        }
        if (!s.recentCounts().isEmpty()) {
            long span = s.bucketSpan().toMillis();
            long from = s.recentCounts().firstKey();
            long to = s.recentCounts().lastKey();
            ObjectNode c = o.putObject("recent_counts");
            c.put("from_ms", from);
            c.put("span_ms", span);
            ArrayNode counts = c.putArray("counts");
            for (long t = from; t <= to; t += span) {
                counts.add(s.recentCounts().getOrDefault(t, -1L));
            }
        }
        if (s.lastDelayedCheck() != null) {
            o.put("last_delayed_check", s.lastDelayedCheck().toString());
        }
        ArrayNode revisions = o.putArray("pending_revisions");
        for (TimeRange r : s.pendingRevisions()) {
            revisions.addObject().put("from", r.from().toString()).put("to", r.to().toString());
        }
        o.put("commits", s.commits());
        o.put("writer", s.writer());
        o.put("updated_at", s.updatedAt().toString());
        return o;
    }

    public static byte[] toBytes(DatafeedState s) {
        try {
            return MAPPER.writeValueAsBytes(toJson(s));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the datafeed state as JSON", e);
        }
    }

    /** Reads a stored state; throws {@link IllegalArgumentException} naming the field when it cannot be used. */
    public static DatafeedState fromJson(JsonNode o) {
        int version = o.path("version").asInt(-1);
        if (version < 1) {
            throw new IllegalArgumentException("datafeed state has no valid version field: " + abbreviate(o));
        }
        if (version > VERSION) {
            throw new IllegalArgumentException("datafeed state of job " + o.path("job_id").asText() + " has format version " + version
                + ", newer than this Kizashi understands (" + VERSION + "): upgrade Kizashi or use a new job id");
        }
        String jobId = text(o, "job_id");
        Duration span = Duration.ofMillis(number(o, "bucket_span_ms"));
        List<String> fields = new ArrayList<>();
        o.path("split_fields").forEach(f -> fields.add(f.asText()));
        SortedMap<List<String>, SeriesSeen> series = new TreeMap<>(DatafeedState.KEY_ORDER);
        for (JsonNode n : o.path("series")) {
            List<String> key = new ArrayList<>();
            n.path("key").forEach(k -> key.add(k.asText()));
            series.put(key, new SeriesSeen(number(n, "first_ms"), number(n, "last_ms")));
        }
        SortedMap<Long, Long> counts = new TreeMap<>();
        JsonNode c = o.get("recent_counts");
        if (c != null && c.isObject()) {
            long from = number(c, "from_ms");
            long step = number(c, "span_ms");
            long t = from;
            for (JsonNode v : c.path("counts")) {
                if (v.asLong() >= 0) {
                    counts.put(t, v.asLong());
                }
                t += step;
            }
        }
        List<TimeRange> revisions = new ArrayList<>();
        for (JsonNode r : o.path("pending_revisions")) {
            revisions.add(new TimeRange(instant(r, "from"), instant(r, "to")));
        }
        Instant lastCheck = o.hasNonNull("last_delayed_check") ? instant(o, "last_delayed_check") : null;
        return new DatafeedState(version, jobId, span, fields, o.path("fingerprint").asText(""), instant(o, "backfill_start"),
            instant(o, "checkpoint"), series, counts, lastCheck, revisions, o.path("commits").asLong(0),
            o.path("writer").asText(""), o.hasNonNull("updated_at") ? instant(o, "updated_at") : Instant.EPOCH);
    }

    public static DatafeedState fromBytes(byte[] json) {
        try {
            return fromJson(MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("datafeed state is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("datafeed state lacks " + field + ": " + abbreviate(o));
        }
        return v.asText();
    }

    private static long number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("datafeed state lacks the number " + field + ": " + abbreviate(o));
        }
        return v.asLong();
    }

    private static Instant instant(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("datafeed state field " + field + " is not an ISO instant: " + o.get(field), e);
        }
    }

    private static String abbreviate(JsonNode o) {
        String s = o.toString();
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
