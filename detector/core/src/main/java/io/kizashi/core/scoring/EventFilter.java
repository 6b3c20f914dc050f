package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Makes scores sparse events, at every level at once: a bucket keeps its surprise only if it exceeds
 * the decaying maximum of the recent buckets' surprises; otherwise it is reported at a fraction of it.
 * One incident therefore yields one high score (plus one for each worsening), whatever threshold a user
 * picks, and re-arms after the memory has decayed (half-life in buckets).
 */
public final class EventFilter {

    static final int HALF_LIFE_BUCKETS = 48;
    static final double REPEAT_FACTOR = 0.3;
    private static final double DECAY = Math.pow(0.5, 1.0 / HALF_LIFE_BUCKETS);

    private double memory;

    /** Returns the event surprise of a bucket with the given raw surprise, and remembers it. */
    public double filter(double surprise) {
        double out = surprise > memory ? surprise : surprise * REPEAT_FACTOR;
        memory = Math.max(memory * DECAY, surprise);
        return out;
    }

    /** True if the last filtered bucket was a repeat within an ongoing event. */
    public double memory() {
        return memory;
    }

    public void write(StateWriter w) {
        w.f64(memory);
    }

    public static EventFilter read(StateReader r) {
        EventFilter f = new EventFilter();
        f.memory = r.f64();
        return f;
    }
}
