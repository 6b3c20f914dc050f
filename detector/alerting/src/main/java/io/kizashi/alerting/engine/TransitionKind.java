package io.kizashi.alerting.engine;

/** A change of an alert's lifecycle that the engine reports. */
public enum TransitionKind {
    /** The condition started holding; {@code for} is running (or a gate holds the alert). Not notified. */
    PENDING,
    /** A pending alert's condition stopped holding before it fired. Not notified. */
    CANCELLED,
    /** The alert fires: notified. */
    FIRING,
    /** A firing alert resolved: notified. */
    RESOLVED;

    /** True for transitions sent to receivers. */
    public boolean notifies() {
        return this == FIRING || this == RESOLVED;
    }
}
