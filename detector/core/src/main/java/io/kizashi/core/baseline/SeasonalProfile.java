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
    // the knots around the last phase asked for: a bucket reads and writes one phase several times (not state)
    private double lastPhase = Double.NaN;
    private int i0;
    private int i1;
    private double frac;

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

    private void locate(double phase) {
        if (phase != lastPhase) {
            double p = phase * k;
            int i = Math.min((int) p, k - 1);
            frac = p - i;
            i0 = i;
            i1 = i + 1 == k ? 0 : i + 1;
            lastPhase = phase;
        }
    }

    private double read(int base, double phase) {
        locate(phase);
        return knots[base + i0] * (1 - frac) + knots[base + i1] * frac;
    }

    private void write(int base, double phase, double delta) {
        locate(phase);
        knots[base + i0] += (float) (delta * (1 - frac));
        knots[base + i1] += (float) (delta * frac);
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
