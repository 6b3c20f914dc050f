package io.kizashi.alerting.engine;

/** Where an alert is in its lifecycle (a resolution returns it to {@link #INACTIVE}). */
public enum Phase {
    /** The condition does not hold (or held and was resolved; cooldown may still apply). */
    INACTIVE,
    /** The condition holds, for less than {@code for}, or a silence, cooldown, rate limit or false-positive mark holds it. */
    PENDING,
    /** Notified; stays until the condition has not held for {@code keep_firing_for}. */
    FIRING
}
