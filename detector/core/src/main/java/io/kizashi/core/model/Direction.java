package io.kizashi.core.model;

/** Which side of the expected value a deviation lies on. */
public enum Direction {
    NONE, HIGH, LOW;

    static Direction of(double actual, double expected) {
        return actual > expected ? HIGH : actual < expected ? LOW : NONE;
    }
}
