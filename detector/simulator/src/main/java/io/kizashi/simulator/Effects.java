package io.kizashi.simulator;

/**
 * How the incidents in force change one service at one moment, independent of the pod (the per-pod
 * memory-leak effect is computed separately).
 *
 * @param traffic       request-rate multiplier (retry storms)
 * @param latency       latency multiplier
 * @param errorProb     extra probability of a 5xx on top of the baseline
 * @param mode          how those extra errors look (status, error.type, message)
 * @param poolPressure  0..1 database connection-pool saturation (pool waits, WARN lines)
 * @param backlog       extra queue depth (push/command backlog)
 */
record Effects(double traffic, double latency, double errorProb, ErrorMode mode, double poolPressure, double backlog) {

    static final Effects NONE = new Effects(1, 1, 0, ErrorMode.GENERIC, 0, 0);

    /** The look of an error: HTTP status, exception type and message. */
    enum ErrorMode {
        GENERIC, POOL, UPSTREAM, PROVIDER, TIMEOUT, BUG, OOM
    }

    Effects combine(Effects o) {
        return new Effects(traffic * o.traffic, latency * o.latency, errorProb + o.errorProb,
            o.errorProb > errorProb ? o.mode : mode, Math.max(poolPressure, o.poolPressure), backlog + o.backlog);
    }
}
