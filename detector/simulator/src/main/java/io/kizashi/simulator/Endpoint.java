package io.kizashi.simulator;

import java.util.Objects;

/**
 * One HTTP endpoint of a service and its healthy behaviour.
 *
 * @param method        HTTP method
 * @param path          URL path as logged (templated ids such as {@code {id}} are filled per request)
 * @param weight        relative share of the service's requests
 * @param medianMs      median latency when healthy
 * @param sigma         log-space standard deviation of latency (lognormal)
 * @param db            whether a request runs a database query (and so feels connection-pool pressure)
 * @param successStatus HTTP status of a successful call
 */
public record Endpoint(String method, String path, double weight, double medianMs, double sigma, boolean db, int successStatus) {
    public Endpoint {
        Objects.requireNonNull(method, "method");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("endpoint path must start with '/', got " + path);
        }
        if (!(weight > 0) || !(medianMs > 0) || !(sigma >= 0) || sigma > 2) {
            throw new IllegalArgumentException("endpoint " + method + " " + path
                + " needs weight > 0, medianMs > 0, 0 <= sigma <= 2; got " + weight + ", " + medianMs + ", " + sigma);
        }
        if (successStatus < 200 || successStatus > 299) {
            throw new IllegalArgumentException("successStatus of " + path + " must be 2xx, got " + successStatus);
        }
    }

    static Endpoint of(String method, String path, double weight, double medianMs, double sigma, boolean db) {
        return new Endpoint(method, path, weight, medianMs, sigma, db, "POST".equals(method) && !path.contains("{") ? 201 : 200);
    }

    /** p95 of the healthy latency (lognormal). */
    public double p95Ms() {
        return medianMs * Math.exp(1.6448536 * sigma);
    }
}
