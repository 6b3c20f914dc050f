/**
 * The alert engine: a pure function of rules, observations (series buckets and job health) and its own
 * state, with a Prometheus-like lifecycle (inactive, pending, firing, resolved), N-of-M windows, grouping,
 * stable fingerprints, idempotency keys, and the noise gates (silences, cooldown, rate limit, false-positive
 * marks). No I/O, no clock; its state is plain records so it survives restarts.
 */
package io.kizashi.alerting.engine;
