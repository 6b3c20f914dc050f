package io.kizashi.alerting.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.alerting.rules.Labels;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Posts each transition to a generic webhook with Alertmanager's webhook payload (version "4"), so
 * anything that consumes Alertmanager webhooks consumes Kizashi directly. Each notification is a group of
 * one alert; the {@code Idempotency-Key} header carries the transition's key (delivery is at least once).
 */
public final class WebhookReceiver implements Receiver {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Go's zero time: what Alertmanager puts in endsAt of a firing alert. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final String name;
    private final URI url;
    private final HttpSender http;
    private final String externalUrl;

    /**
     * @param name        stable name (also the payload's {@code receiver})
     * @param url         the webhook (treated as secret: never logged beyond scheme, host and port)
     * @param externalUrl Kizashi's console URL for {@code externalURL}, or null
     */
    public WebhookReceiver(String name, URI url, HttpSender http, String externalUrl) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a webhook receiver needs a name");
        }
        this.name = "webhook:" + name;
        this.url = Objects.requireNonNull(url, "url");
        this.http = Objects.requireNonNull(http, "http");
        this.externalUrl = externalUrl == null ? "" : externalUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult send(Notification n, Instant now) {
        return http.postJson(url, payload(n, name, externalUrl), Map.of("Idempotency-Key", n.idempotencyKey()),
            "webhook " + name + " " + HttpSender.redact(url, false));
    }

    /** Alertmanager's webhook payload (version 4) for one alert. */
    public static String payload(Notification n, String receiver, String externalUrl) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", "{}/{kizashi}:{fingerprint=\"" + n.fingerprint() + "\"}");
        root.put("truncatedAlerts", 0);
        root.put("status", n.status().code());
        root.put("receiver", receiver);
        root.putObject("groupLabels").put(Labels.ALERTNAME, n.alertname());
        ObjectNode common = root.putObject("commonLabels");
        n.labels().forEach(common::put);
        ObjectNode commonAnn = root.putObject("commonAnnotations");
        n.annotations().forEach(commonAnn::put);
        root.put("externalURL", externalUrl == null ? "" : externalUrl);
        ObjectNode a = root.putArray("alerts").addObject();
        a.put("status", n.status().code());
        ObjectNode labels = a.putObject("labels");
        n.labels().forEach(labels::put);
        ObjectNode ann = a.putObject("annotations");
        n.annotations().forEach(ann::put);
        a.put("startsAt", n.startsAt().toString());
        a.put("endsAt", n.status() == Notification.Status.RESOLVED ? n.resolvedAt().toString() : ZERO_TIME);
        a.put("generatorURL", n.generatorUrl() == null ? "" : n.generatorUrl());
        a.put("fingerprint", n.fingerprint());
        return root.toString();
    }

    @Override
    public String toString() {
        return name + " " + HttpSender.redact(url, false);
    }
}
