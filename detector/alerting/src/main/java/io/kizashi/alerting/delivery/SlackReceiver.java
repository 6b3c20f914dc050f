package io.kizashi.alerting.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.alerting.rules.Labels;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Posts each transition to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): a text
 * line plus one attachment with the labels as fields and a link to the logs.
 */
public final class SlackReceiver implements Receiver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_A_FIELD = Set.of(Labels.ALERTNAME, Labels.SEVERITY);

    private final String name;
    private final URI url;
    private final HttpSender http;

    /** @param url the incoming-webhook URL; its path is the secret and is never logged */
    public SlackReceiver(String name, URI url, HttpSender http) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a Slack receiver needs a name");
        }
        this.name = "slack:" + name;
        this.url = Objects.requireNonNull(url, "url");
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(Notification n, Instant now) {
        return http.postJson(url, payload(n), Map.of(), "Slack webhook " + name + " " + HttpSender.redact(url, false));
    }

    /** The incoming-webhook JSON. */
    public static String payload(Notification n) {
        boolean firing = n.status() == Notification.Status.FIRING;
        String severity = n.labels().getOrDefault(Labels.SEVERITY, "");
        String summary = n.annotations().getOrDefault("summary", n.alertname());
        ObjectNode root = JSON.createObjectNode();
        root.put("text", (firing ? ":rotating_light: [FIRING] " : ":white_check_mark: [RESOLVED] ") + escape(n.alertname())
            + (severity.isEmpty() ? "" : " (" + escape(severity) + ")") + ": " + escape(summary));
        ObjectNode att = root.putArray("attachments").addObject();
        att.put("color", !firing ? "#2eb886" : "critical".equals(severity) ? "#d00000" : "#daa038");
        att.put("title", escape(n.alertname()));
        String link = n.annotations().getOrDefault("discover_url", n.annotations().get("console_url"));
        if (link != null) {
            att.put("title_link", link);
        }
        String description = n.annotations().get("description");
        att.put("text", escape(description != null ? description : summary));
        ArrayNode fields = att.putArray("fields");
        n.labels().forEach((k, v) -> {
            if (!NOT_A_FIELD.contains(k)) {
                fields.addObject().put("title", k).put("value", escape(v)).put("short", true);
            }
        });
        if (!firing) {
            fields.addObject().put("title", "resolved at").put("value", n.resolvedAt().toString()).put("short", true);
        }
        att.put("footer", "kizashi " + n.fingerprint());
        att.put("ts", (firing ? n.startsAt() : n.resolvedAt()).getEpochSecond());
        return root.toString();
    }

    /** Slack's three control characters in text. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        return name + " " + HttpSender.redact(url, false);
    }
}
