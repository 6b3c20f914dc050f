package io.kizashi.alerting.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.alerting.engine.AlertState;
import io.kizashi.alerting.engine.AlertTransition;
import io.kizashi.alerting.engine.Evidence;
import io.kizashi.alerting.engine.FalsePositive;
import io.kizashi.alerting.engine.MemberState;
import io.kizashi.alerting.engine.Phase;
import io.kizashi.alerting.engine.RuleHistory;
import io.kizashi.alerting.engine.TransitionKind;
import io.kizashi.alerting.rules.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mapper between the engine's records and their JSON documents (snake_case, ISO-8601 times, NaN as
 * null). Writing is strict; reading is lenient about absent fields so that older documents keep loading.
 */
public final class AlertJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    // ------------------------------------------------------------------ evidence

    public static ObjectNode evidence(Evidence e) {
        ObjectNode n = MAPPER.createObjectNode();
        put(n, "bucket", e.bucket());
        n.put("series", e.series());
        n.put("job", e.job());
        n.put("metric", e.metric());
        ObjectNode splits = n.putObject("splits");
        e.splits().forEach(splits::put);
        num(n, "strength", e.strength());
        num(n, "value", e.value());
        num(n, "expected", e.expected());
        num(n, "lower", e.lower());
        num(n, "upper", e.upper());
        num(n, "score", e.score());
        num(n, "raw_score", e.rawScore());
        num(n, "probability", e.probability());
        num(n, "precursor_probability", e.precursorProbability());
        n.put("direction", e.direction());
        n.put("reason", e.reason());
        ArrayNode ids = n.putArray("request_ids");
        e.requestIds().forEach(ids::add);
        n.put("discover_url", e.discoverUrl());
        n.put("console_url", e.consoleUrl());
        put(n, "crossing", e.crossing());
        num(n, "change_magnitude", e.changeMagnitude());
        n.put("change_type", e.changeType());
        if (e.behind() != null) {
            n.put("behind_ms", e.behind().toMillis());
        }
        put(n, "last_data", e.lastData());
        return n;
    }

    public static Evidence evidence(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        n.path("request_ids").forEach(x -> ids.add(x.asText()));
        return new Evidence(instant(n, "bucket"), n.path("series").asText(), n.path("job").asText(), text(n, "metric"),
            map(n.get("splits")), dbl(n, "strength"), dbl(n, "value"), dbl(n, "expected"), dbl(n, "lower"), dbl(n, "upper"),
            dbl(n, "score"), dbl(n, "raw_score"), dbl(n, "probability"), dbl(n, "precursor_probability"),
            n.path("direction").asText("none"), n.path("reason").asText(""), ids, text(n, "discover_url"),
            text(n, "console_url"), instant(n, "crossing"), dbl(n, "change_magnitude"), text(n, "change_type"),
            n.hasNonNull("behind_ms") ? Duration.ofMillis(n.get("behind_ms").asLong()) : null, instant(n, "last_data"));
    }

    // ------------------------------------------------------------------ alert state

    public static ObjectNode state(AlertState s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("version", s.version());
        n.put("rule", s.rule());
        n.put("fingerprint", s.fingerprint());
        n.set("labels", labels(s.labels()));
        n.put("condition_digest", s.conditionDigest());
        n.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
        put(n, "active_since", s.activeSince());
        put(n, "fired_at", s.firedAt());
        put(n, "keep_firing_since", s.keepFiringSince());
        put(n, "resolved_at", s.resolvedAt());
        put(n, "last_evaluated", s.lastEvaluated());
        n.put("held_by", s.heldBy());
        if (s.evidence() != null) {
            n.set("evidence", evidence(s.evidence()));
        }
        ArrayNode members = n.putArray("members");
        for (MemberState m : s.members()) {
            ObjectNode o = members.addObject();
            o.put("id", m.id());
            put(o, "last_seen", m.lastSeen());
            o.put("hits", m.hits());
            o.put("active", m.active());
            if (m.evidence() != null) {
                o.set("evidence", evidence(m.evidence()));
            }
        }
        return n;
    }

    public static AlertState state(JsonNode n) {
        int version = n.path("version").asInt(1);
        if (version > AlertState.VERSION) {
            throw new IllegalArgumentException("alert state of " + n.path("fingerprint").asText() + " has layout version "
                + version + ", newer than this Kizashi reads (" + AlertState.VERSION + "): upgrade Kizashi");
        }
        List<MemberState> members = new ArrayList<>();
        for (JsonNode m : n.path("members")) {
            members.add(new MemberState(m.path("id").asText(), instant(m, "last_seen"), m.path("hits").asText(""),
                m.path("active").asBoolean(false), evidence(m.get("evidence"))));
        }
        return new AlertState(version, n.path("rule").asText(), n.path("fingerprint").asText(), map(n.get("labels")),
            n.path("condition_digest").asText(""), Phase.valueOf(n.path("phase").asText("inactive").toUpperCase(Locale.ROOT)),
            instant(n, "active_since"), instant(n, "fired_at"), instant(n, "keep_firing_since"), instant(n, "resolved_at"),
            instant(n, "last_evaluated"), text(n, "held_by"), evidence(n.get("evidence")), members);
    }

    public static ObjectNode history(RuleHistory h) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("rule", h.rule());
        ArrayNode f = n.putArray("firings");
        h.firings().forEach(t -> f.add(t.toString()));
        return n;
    }

    public static RuleHistory history(JsonNode n) {
        List<Instant> f = new ArrayList<>();
        n.path("firings").forEach(x -> f.add(Instant.parse(x.asText())));
        return new RuleHistory(n.path("rule").asText(), f);
    }

    // ------------------------------------------------------------------ transitions and feedback

    public static ObjectNode transition(AlertTransition t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("key", t.idempotencyKey());
        n.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
        n.put("rule", t.rule());
        n.put("fingerprint", t.fingerprint());
        n.put("severity", t.severity().code());
        n.set("labels", labels(t.labels()));
        n.set("annotations", labels(t.annotations()));
        put(n, "at", t.at());
        put(n, "active_since", t.activeSince());
        put(n, "fired_at", t.firedAt());
        put(n, "resolved_at", t.resolvedAt());
        n.put("note", t.note());
        if (t.evidence() != null) {
            n.set("evidence", evidence(t.evidence()));
        }
        return n;
    }

    public static AlertTransition transition(JsonNode n) {
        return new AlertTransition(n.path("key").asText(), TransitionKind.valueOf(n.path("kind").asText().toUpperCase(Locale.ROOT)),
            n.path("rule").asText(), n.path("fingerprint").asText(), map(n.get("labels")), map(n.get("annotations")),
            Severity.byCode(n.path("severity").asText()).orElse(Severity.WARNING), instant(n, "at"), instant(n, "active_since"),
            instant(n, "fired_at"), instant(n, "resolved_at"), evidence(n.get("evidence")), text(n, "note"));
    }

    public static ObjectNode falsePositive(FalsePositive f) {
        ObjectNode n = MAPPER.createObjectNode();
        put(n, "@timestamp", f.markedAt());
        n.put("fingerprint", f.fingerprint());
        n.put("rule", f.rule());
        n.set("labels", labels(f.labels()));
        put(n, "marked_at", f.markedAt());
        put(n, "until", f.until());
        n.put("direction", f.direction());
        n.put("by", f.by());
        n.put("note", f.note());
        put(n, "active_since", f.activeSince());
        if (f.evidence() != null) {
            // Flat copies for training queries (which series, which metric, when), plus the whole evidence.
            n.put("series", f.evidence().series());
            n.put("job_id", f.evidence().job());
            n.put("metric", f.evidence().metric());
            ObjectNode splits = n.putObject("splits");
            f.evidence().splits().forEach(splits::put);
            n.set("evidence", evidence(f.evidence()));
        }
        return n;
    }

    public static FalsePositive falsePositive(JsonNode n) {
        return new FalsePositive(n.path("fingerprint").asText(), n.path("rule").asText(), map(n.get("labels")),
            instant(n, "marked_at"), instant(n, "until"), n.path("direction").asText("any"), n.path("by").asText("unknown"),
            n.path("note").asText(""), instant(n, "active_since"), evidence(n.get("evidence")));
    }

    // ------------------------------------------------------------------ helpers

    static ObjectNode labels(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    static Map<String, String> map(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
        }
        return m;
    }

    static void put(ObjectNode n, String field, Instant t) {
        if (t != null) {
            n.put(field, t.toString());
        }
    }

    static Instant instant(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Instant.parse(v.asText());
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** JSON has no NaN or infinity: they are written as null. */
    static void num(ObjectNode n, String field, double d) {
        if (Double.isFinite(d)) {
            n.put(field, d);
        } else {
            n.putNull(field);
        }
    }

    static double dbl(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
