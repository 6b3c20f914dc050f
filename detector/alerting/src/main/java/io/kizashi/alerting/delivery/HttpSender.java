package io.kizashi.alerting.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * POSTs JSON with a connect timeout and a per-request timeout; turns every outcome into a
 * {@link DeliveryResult}. One attempt per call: retries and backoff belong to the outbox.
 */
public final class HttpSender {

    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpSender(Duration connectTimeout, Duration requestTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, got connect " + connectTimeout + ", request " + requestTimeout);
        }
        this.client = HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    /**
     * POSTs {@code json} to {@code url}; {@code shownAs} names the target in errors (redacted: a webhook
     * URL often carries its secret in the path).
     */
    public DeliveryResult postJson(URI url, String json, Map<String, String> headers, String shownAs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "kizashi-alerting")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return DeliveryResult.ofStatus(r.statusCode(), r.body(), shownAs);
        } catch (HttpTimeoutException e) {
            return DeliveryResult.retry(0, shownAs + ": timed out (" + e.getMessage() + ")");
        } catch (IOException e) {
            return DeliveryResult.retry(0, shownAs + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry(0, shownAs + ": interrupted");
        }
    }

    /** {@code scheme://host:port} plus the path only when it is not secret. */
    public static String redact(URI url, boolean showPath) {
        String hostPort = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return url.getScheme() + "://" + hostPort + (showPath ? (url.getRawPath() == null ? "" : url.getRawPath()) : "/***");
    }
}
