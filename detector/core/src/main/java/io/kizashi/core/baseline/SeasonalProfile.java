package io.kizashi.core.baseline;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * A periodic profile sampled at evenly spaced knots and read with linear interpolation, holding two
 * curves in one array: the seasonal offset and the residual spread at each phase. Knots are floats:
 * seven significant digits are more than any metric's seasonal shape needs, and they halve the state.
 *
 * <p>In memory the two curves are interleaved (offset and spread of a knot side by side), because every
 * bucket reads and writes both at the same phase: one cache line instead of two. The serialised form
 * keeps the curves one after the other (state format v1).
 */
final class SeasonalProfile {

    private static final int OFFSET = 0;
    private static final int SPREAD = 1;

    private final float[] knots; // knot i: offset at [2i], spread at [2i + 1]
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

    private SeasonalProfile(float[] knots, int k) {
        this.knots = knots;
        this.k = k;
    }

    int size() {
        return k;
    }

    /** Seasonal offset at a phase in [0, 1). */
    double at(double phase) {
        return read(OFFSET, phase);
    }

    /** Mean offset over the period: with evenly spaced knots and linear interpolation, the knots' mean. */
    double meanOffset() {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += knots[2 * i + OFFSET];
        }
        return sum / k;
    }

    /** Residual spread at a phase in [0, 1). */
    double spreadAt(double phase) {
        return read(SPREAD, phase);
    }

    /** Moves the offset at a phase by {@code delta}, shared between the two neighbouring knots. */
    void add(double phase, double delta) {
        write(OFFSET, phase, delta);
    }

    void addSpread(double phase, double delta) {
        write(SPREAD, phase, delta);
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

    private double read(int curve, double phase) {
        locate(phase);
        return knots[2 * i0 + curve] * (1 - frac) + knots[2 * i1 + curve] * frac;
    }

    private void write(int curve, double phase, double delta) {
        locate(phase);
        knots[2 * i0 + curve] += (float) (delta * (1 - frac));
        knots[2 * i1 + curve] += (float) (delta * frac);
    }

    /** Writes the offsets, then the spreads (the v1 layout of {@code StateWriter.floats}). */
    void write(StateWriter w) {
        w.i32(knots.length);
        writeCurve(w, OFFSET);
        writeCurve(w, SPREAD);
    }

    private void writeCurve(StateWriter w, int curve) {
        for (int i = 0; i < k; i++) {
            w.f32(knots[2 * i + curve]);
        }
    }

    static SeasonalProfile read(StateReader r) {
        float[] curves = r.floats();
        if (curves.length % 2 != 0) {
            throw new io.kizashi.core.state.CorruptStateException("a seasonal profile needs an even number of knots, got " + curves.length);
        }
        int k = curves.length / 2;
        float[] knots = new float[curves.length];
        for (int i = 0; i < k; i++) {
            knots[2 * i + OFFSET] = curves[i];
            knots[2 * i + SPREAD] = curves[k + i];
        }
        return new SeasonalProfile(knots, k);
    }
}
