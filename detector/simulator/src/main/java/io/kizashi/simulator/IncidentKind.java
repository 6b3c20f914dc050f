package io.kizashi.simulator;

import java.time.Duration;

/** The scripted failure modes, each with a precursor phase that shows before the incident itself. */
public enum IncidentKind {
    /**
     * Database connection pool saturation: p95 latency and pool waits creep up, then 5xx bursts and
     * liveness-probe restarts; callers see slower, failing calls.
     */
    DB_POOL_SATURATION("db-pool-saturation", Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(35)),
    /** A leaky build: heap and GC-driven latency climb per pod until containers are OOMKilled, until rollback. */
    MEMORY_LEAK("memory-leak", Duration.ofMinutes(45), Duration.ofMinutes(120), Duration.ofMinutes(40), Duration.ofMinutes(90)),
    /** APNs/FCM slow down: push latency and queue backlog grow, then command deliveries time out. */
    PUSH_PROVIDER_SLOWDOWN("push-provider-slowdown", Duration.ofMinutes(15), Duration.ofMinutes(40), Duration.ofMinutes(15), Duration.ofMinutes(45)),
    /** A bad release: errors rise with the rollout, then a step change once it is complete, until rollback. */
    BAD_DEPLOY("bad-deploy", Duration.ofMinutes(8), Duration.ofMinutes(20), Duration.ofMinutes(10), Duration.ofMinutes(40));

    private final String slug;
    private final Duration minPrecursor;
    private final Duration maxPrecursor;
    private final Duration minDuration;
    private final Duration maxDuration;

    IncidentKind(String slug, Duration minPrecursor, Duration maxPrecursor, Duration minDuration, Duration maxDuration) {
        this.slug = slug;
        this.minPrecursor = minPrecursor;
        this.maxPrecursor = maxPrecursor;
        this.minDuration = minDuration;
        this.maxDuration = maxDuration;
    }

    /** Lower-case name used in ids and documents, e.g. {@code db-pool-saturation}. */
    public String slug() {
        return slug;
    }

    public Duration minPrecursor() {
        return minPrecursor;
    }

    public Duration maxPrecursor() {
        return maxPrecursor;
    }

    public Duration minDuration() {
        return minDuration;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    public static IncidentKind fromSlug(String s) {
        for (IncidentKind k : values()) {
            if (k.slug.equals(s) || k.name().equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown incident kind '" + s + "': use one of db-pool-saturation, memory-leak, "
            + "push-provider-slowdown, bad-deploy");
    }
}
