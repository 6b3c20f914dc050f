package io.kizashi.alerting.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and how alerts are delivered.
 *
 * @param alertmanagers   Alertmanager base URLs (HA: every one gets every alert)
 * @param webhooks        generic webhooks (Alertmanager webhook payload)
 * @param slack           Slack-compatible incoming webhooks
 * @param connectTimeout  per connection
 * @param requestTimeout  per request
 * @param resendInterval  how often firing alerts are re-sent to Alertmanager (their endsAt is 4x this ahead)
 * @param initialBackoff  first retry delay after a failed delivery (doubles per attempt)
 * @param maxBackoff      cap of the retry delay
 * @param giveUpAfter     an event still undelivered after this is marked failed (and logged as an error)
 * @param externalUrl     Kizashi's console URL (externalURL of webhook payloads, generatorURL base), or null
 */
public record DeliveryConfig(List<URI> alertmanagers, List<Named> webhooks, List<Named> slack, Duration connectTimeout,
                             Duration requestTimeout, Duration resendInterval, Duration initialBackoff, Duration maxBackoff,
                             Duration giveUpAfter, String externalUrl) {

    /** A named endpoint (the URL may hold a secret and is never logged). */
    public record Named(String name, URI url) {
        public Named {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("receiver name '" + name + "' must be 1-64 letters, digits, '_', '.', '-'");
            }
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            return name + "=" + HttpSender.redact(url, false);
        }
    }

    public DeliveryConfig {
        alertmanagers = List.copyOf(alertmanagers);
        webhooks = List.copyOf(webhooks);
        slack = List.copyOf(slack);
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(3), "connectTimeout");
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(10), "requestTimeout");
        resendInterval = positive(resendInterval, Duration.ofMinutes(1), "resendInterval");
        initialBackoff = positive(initialBackoff, Duration.ofSeconds(1), "initialBackoff");
        maxBackoff = positive(maxBackoff, Duration.ofMinutes(5), "maxBackoff");
        giveUpAfter = positive(giveUpAfter, Duration.ofHours(24), "giveUpAfter");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
    }

    /** The given Alertmanagers (none is fine: add webhooks or Slack), default timings. */
    public static DeliveryConfig of(URI... urls) {
        return new DeliveryConfig(List.of(urls), List.of(), List.of(), null, null, null, null, null, null, null);
    }

    public DeliveryConfig withWebhooks(List<Named> hooks) {
        return new DeliveryConfig(alertmanagers, hooks, slack, connectTimeout, requestTimeout, resendInterval, initialBackoff,
            maxBackoff, giveUpAfter, externalUrl);
    }

    public DeliveryConfig withSlack(List<Named> hooks) {
        return new DeliveryConfig(alertmanagers, webhooks, hooks, connectTimeout, requestTimeout, resendInterval, initialBackoff,
            maxBackoff, giveUpAfter, externalUrl);
    }

    public DeliveryConfig withTimeouts(Duration connect, Duration request) {
        return new DeliveryConfig(alertmanagers, webhooks, slack, connect, request, resendInterval, initialBackoff, maxBackoff,
            giveUpAfter, externalUrl);
    }

    public DeliveryConfig withRetries(Duration initial, Duration max, Duration giveUp) {
        return new DeliveryConfig(alertmanagers, webhooks, slack, connectTimeout, requestTimeout, resendInterval, initial, max,
            giveUp, externalUrl);
    }

    public DeliveryConfig withResendInterval(Duration d) {
        return new DeliveryConfig(alertmanagers, webhooks, slack, connectTimeout, requestTimeout, d, initialBackoff, maxBackoff,
            giveUpAfter, externalUrl);
    }

    public DeliveryConfig withExternalUrl(String url) {
        return new DeliveryConfig(alertmanagers, webhooks, slack, connectTimeout, requestTimeout, resendInterval, initialBackoff,
            maxBackoff, giveUpAfter, url);
    }

    /** The receivers, sharing one HTTP client. */
    public List<Receiver> receivers() {
        HttpSender http = new HttpSender(connectTimeout, requestTimeout);
        List<Receiver> out = new ArrayList<>();
        for (URI u : alertmanagers) {
            out.add(new AlertmanagerReceiver(u, http, resendInterval.multipliedBy(4)));
        }
        for (Named w : webhooks) {
            out.add(new WebhookReceiver(w.name(), w.url(), http, externalUrl));
        }
        for (Named s : slack) {
            out.add(new SlackReceiver(s.name(), s.url(), http));
        }
        return out;
    }

    /** The delay before retry number {@code attempt} (1 = first retry): initial x 2^(attempt-1), capped. */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
        return d.compareTo(maxBackoff) > 0 || d.isNegative() ? maxBackoff : d;
    }

    private static Duration positive(Duration d, Duration dflt, String name) {
        Duration v = d == null ? dflt : d;
        if (v.isNegative() || v.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }

    /** Webhook and Slack URLs are secrets: only their names and hosts show. */
    @Override
    public String toString() {
        return "DeliveryConfig[alertmanagers=" + alertmanagers.stream().map(u -> HttpSender.redact(u, true)).toList()
            + ", webhooks=" + webhooks + ", slack=" + slack + ", connectTimeout=" + connectTimeout + ", requestTimeout="
            + requestTimeout + ", resendInterval=" + resendInterval + ", backoff=" + initialBackoff + ".." + maxBackoff
            + ", giveUpAfter=" + giveUpAfter + ", externalUrl=" + externalUrl + "]";
    }
}
