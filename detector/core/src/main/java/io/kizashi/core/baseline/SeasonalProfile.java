package io.kizashi.core.baseline;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * A periodic profile sampled at evenly spaced knots and read with linear interpolation; used both for
 * the seasonal offset and for the per-phase spread. Knots are floats: seven significant digits are more
 * than any metric's seasonal shape needs, and they halve the state.
 */
final class SeasonalProfile {

    private final float[] knots;

    SeasonalProfile(int knots) {
        this.knots = new float[knots];
    }

    private SeasonalProfile(float[] knots) {
        this.knots = knots;
    }

    int size() {
        return knots.length;
    }

    /** Value at a phase in [0, 1). */
    double at(double phase) {
        double p = phase * knots.length;
        int i = (int) p;
        if (i >= knots.length) {
            i = knots.length - 1;
        }
        double f = p - i;
        int j = i + 1 == knots.length ? 0 : i + 1;
        return knots[i] * (1 - f) + knots[j] * f;
    }

    /** Moves the profile at a phase by {@code delta}, shared between the two neighbouring knots. */
    void add(double phase, double delta) {
        double p = phase * knots.length;
        int i = (int) p;
        if (i >= knots.length) {
            i = knots.length - 1;
        }
        double f = p - i;
        int j = i + 1 == knots.length ? 0 : i + 1;
        knots[i] += (float) (delta * (1 - f));
        knots[j] += (float) (delta * f);
    }

    double mean() {
        double sum = 0;
        for (float k : knots) {
            sum += k;
        }
        return sum / knots.length;
    }

    void addAll(double delta) {
        for (int i = 0; i < knots.length; i++) {
            knots[i] += (float) delta;
        }
    }

    void write(StateWriter w) {
        w.floats(knots);
    }

    static SeasonalProfile read(StateReader r) {
        return new SeasonalProfile(r.floats());
    }
}
