package io.kizashi.core.model;

/** Shape of a deviation in time: one bucket out of line, or a run of them (a shift, a dip, a plateau). */
public enum DeviationKind {
    NONE, SPIKE, SUSTAINED
}
