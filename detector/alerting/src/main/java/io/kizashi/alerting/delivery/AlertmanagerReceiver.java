package io.kizashi.alerting.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends alerts to one Alertmanager through its API v2 ({@code POST /api/v2/alerts}), the way Prometheus
 * does: a firing alert carries {@code endsAt} a few resend intervals ahead and is re-sent while it fires
 * (Alertmanager resolves alerts whose endsAt passed, so a crashed sender cannot leave alerts firing
 * forever); a resolution carries {@code endsAt} = the resolution time. For HA, configure one receiver
 * per Alertmanager: each gets every alert (they deduplicate among themselves).
 */
public final class AlertmanagerReceiver implements Receiver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String name;
    private final String shownAs;
    private final HttpSender http;
    private final Duration endsAtHorizon;

    /**
     * @param baseUrl       e.g. {@code http://alertmanager:9093} (a path prefix is kept)
     * @param endsAtHorizon how far ahead a firing alert's endsAt lies (Prometheus: 4 x the resend interval)
     */
    public AlertmanagerReceiver(URI baseUrl, HttpSender http, Duration endsAtHorizon) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.getUserInfo() != null) {
            throw new IllegalArgumentException("Alertmanager URL " + HttpSender.redact(baseUrl, true)
                + " carries credentials: they would end up in logs; put a proxy with auth in front instead");
        }
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/api/v2/alerts");
        this.name = "alertmanager:" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort())
            + (baseUrl.getRawPath() == null || baseUrl.getRawPath().isEmpty() || baseUrl.getRawPath().equals("/") ? "" : baseUrl.getRawPath());
        this.shownAs = "Alertmanager " + HttpSender.redact(endpoint, true);
        this.http = Objects.requireNonNull(http, "http");
        this.endsAtHorizon = Objects.requireNonNull(endsAtHorizon, "endsAtHorizon");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wantsResend() {
        return true;
    }

    @Override
    public DeliveryResult send(Notification n, Instant now) {
        return sendAll(List.of(n), now);
    }

    /** Posts several alerts in one request (the resend of everything firing). */
    public DeliveryResult sendAll(List<Notification> alerts, Instant now) {
        if (alerts.isEmpty()) {
            return DeliveryResult.delivered(200);
        }
        return http.postJson(endpoint, payload(alerts, now, endsAtHorizon), Map.of(), shownAs);
    }

    /** The API v2 body: a list of postable alerts. */
    public static String payload(List<Notification> alerts, Instant now, Duration endsAtHorizon) {
        ArrayNode list = JSON.createArrayNode();
        for (Notification n : alerts) {
            ObjectNode a = list.addObject();
            ObjectNode labels = a.putObject("labels");
            n.labels().forEach(labels::put);
            ObjectNode ann = a.putObject("annotations");
            n.annotations().forEach(ann::put);
            a.put("startsAt", n.startsAt().toString());
            Instant ends;
            if (n.status() == Notification.Status.FIRING) {
                ends = now.plus(endsAtHorizon);
            } else {
                // Not after now (a future endsAt would keep it firing until then), not before startsAt (refused).
                ends = n.resolvedAt().isAfter(now) ? now : n.resolvedAt();
                if (ends.isBefore(n.startsAt())) {
                    ends = n.startsAt();
                }
            }
            a.put("endsAt", ends.toString());
            if (n.generatorUrl() != null) {
                a.put("generatorURL", n.generatorUrl());
            }
        }
        return list.toString();
    }

    @Override
    public String toString() {
        return shownAs;
    }
}
