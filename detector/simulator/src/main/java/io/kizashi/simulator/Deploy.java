package io.kizashi.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * Ground truth of one rollout (a level change): from {@code at} on, the service runs {@code version}
 * whose latency and error levels are the baseline's times these factors. Pods are replaced at {@code at}.
 *
 * @param service        service name
 * @param at             when the new pods took over
 * @param version        service.version of the new pods
 * @param latencyFactor  latency multiplier vs the service's baseline (1 = unchanged)
 * @param errorFactor    5xx-rate multiplier vs the baseline
 * @param reason         {@code routine}, or the incident id that caused it ({@code ...:release} / {@code ...:rollback})
 */
public record Deploy(String service, Instant at, String version, double latencyFactor, double errorFactor, String reason) {
    public Deploy {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        if (!(latencyFactor > 0) || !(errorFactor >= 0)) {
            throw new IllegalArgumentException("deploy of " + service + " at " + at + " needs latencyFactor > 0 and errorFactor >= 0");
        }
    }
}
