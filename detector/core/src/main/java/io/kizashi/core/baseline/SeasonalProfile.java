package io.kizashi.core.baseline;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * A periodic profile sampled at evenly spaced knots and read with linear interpolation, holding two
 * curves in one array: the seasonal offset and the residual spread at each phase. Knots are floats:
 * seven significant digits are more than any metric's seasonal shape needs, and they halve the state.
 */
final class SeasonalProfile {

    private final float[] knots; // [0, k): offset, [k, 2k): spread
    private final int k;

    SeasonalProfile(int knots) {
        this.knots = new float[2 * knots];
        this.k = knots;
    }

    private SeasonalProfile(float[] knots) {
        this.knots = knots;
        this.k = knots.length / 2;
    }

    int size() {
        return k;
    }

    /** Seasonal offset at a phase in [0, 1). */
    double at(double phase) {
        return read(0, phase);
    }

    /** Residual spread at a phase in [0, 1). */
    double spreadAt(double phase) {
        return read(k, phase);
    }

    /** Moves the offset at a phase by {@code delta}, shared between the two neighbouring knots. */
    void add(double phase, double delta) {
        write(0, phase, delta);
    }

    void addSpread(double phase, double delta) {
        write(k, phase, delta);
    }

    private double read(int base, double phase) {
        double p = phase * k;
        int i = Math.min((int) p, k - 1);
        double f = p - i;
        int j = i + 1 == k ? 0 : i + 1;
        return knots[base + i] * (1 - f) + knots[base + j] * f;
    }

    private void write(int base, double phase, double delta) {
        double p = phase * k;
        int i = Math.min((int) p, k - 1);
        double f = p - i;
        int j = i + 1 == k ? 0 : i + 1;
        knots[base + i] += (float) (delta * (1 - f));
        knots[base + j] += (float) (delta * f);
    }

    void write(StateWriter w) {
        w.floats(knots);
    }

    static SeasonalProfile read(StateReader r) {
        float[] knots = r.floats();
        if (knots.length % 2 != 0) {
            throw new io.kizashi.core.state.CorruptStateException("a seasonal profile needs an even number of knots, got " + knots.length);
        }
        return new SeasonalProfile(knots);
    }
}
