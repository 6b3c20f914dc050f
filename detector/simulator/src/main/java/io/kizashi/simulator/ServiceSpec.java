package io.kizashi.simulator;

import java.util.List;
import java.util.Objects;

/**
 * One microservice of the simulated platform (a Kubernetes Deployment) and its healthy behaviour.
 *
 * @param name          service.name and Deployment name, e.g. {@code device-gateway}
 * @param code          short unique code used in document ids (stable: ids of other services never change)
 * @param share         relative share of platform requests at the weekday peak
 * @param profile       daily/weekly load shape
 * @param podsAtPeak    replicas the autoscaler wants at the weekday peak (at the history start)
 * @param minPods       autoscaler minimum
 * @param maxPods       autoscaler maximum
 * @param baseErrorRate probability of a 5xx when healthy
 * @param memoryLimitMiB container memory limit (heap grows towards it during a leak)
 * @param queue         whether the service owns a work queue (its depth is logged in runtime stats)
 * @param callers       services that call this one synchronously (they feel its incidents, damped)
 * @param endpoints     HTTP endpoints with their weights and latencies
 */
public record ServiceSpec(String name, String code, double share, TrafficProfile profile, int podsAtPeak, int minPods,
                          int maxPods, double baseErrorRate, int memoryLimitMiB, boolean queue, List<String> callers,
                          List<Endpoint> endpoints) {
    public ServiceSpec {
        if (name == null || !name.matches("[a-z][a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("service name must be a DNS label like 'device-gateway', got " + name);
        }
        if (code == null || !code.matches("[a-z0-9]{2,6}")) {
            throw new IllegalArgumentException("service code of " + name + " must be 2-6 lowercase letters/digits, got " + code);
        }
        if (!(share > 0)) {
            throw new IllegalArgumentException("share of " + name + " must be > 0, got " + share);
        }
        Objects.requireNonNull(profile, "profile");
        if (minPods < 1 || podsAtPeak < minPods || maxPods < podsAtPeak) {
            throw new IllegalArgumentException("pods of " + name + " need 1 <= minPods <= podsAtPeak <= maxPods, got "
                + minPods + ", " + podsAtPeak + ", " + maxPods);
        }
        if (baseErrorRate < 0 || baseErrorRate > 0.2) {
            throw new IllegalArgumentException("baseErrorRate of " + name + " must be in [0, 0.2], got " + baseErrorRate);
        }
        if (memoryLimitMiB < 64) {
            throw new IllegalArgumentException("memoryLimitMiB of " + name + " must be >= 64, got " + memoryLimitMiB);
        }
        callers = List.copyOf(callers);
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("service " + name + " has no endpoint");
        }
    }

    public boolean usesDb() {
        return endpoints.stream().anyMatch(Endpoint::db);
    }
}
