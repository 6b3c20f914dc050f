package io.kizashi.core.scoring;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * One alarm per incident, at every threshold at once: a bucket's surprise passes only if it exceeds the
 * reference, the decaying maximum of recent surprises (half-life {@value #HALF_LIFE_BUCKETS} buckets);
 * a passing bucket raises the reference to its surprise plus a decade, so a re-alarm within the
 * same incident needs a ten times smaller probability (with half a decade, a creeping drift re-alarmed every
 * few buckets as its probability fell; a decade kept NAB, ASD and the incident probe all better). Suppressed
 * buckets report 0.
 */
public final class EventFilter {

    static final int HALF_LIFE_BUCKETS = 48;
    static final double MARGIN = 1.0;
    private static final double DECAY = Math.pow(0.5, 1.0 / HALF_LIFE_BUCKETS);

    private double reference;

    /** Returns the event surprise of a bucket with the given raw surprise, and remembers it. */
    public double filter(double surprise) {
        boolean passes = surprise > reference;
        double out = passes ? surprise : 0;
        reference = Math.max(reference * DECAY, passes ? surprise + MARGIN : surprise);
        return out;
    }

    public void write(StateWriter w) {
        w.f64(reference);
    }

    public static EventFilter read(StateReader r) {
        EventFilter f = new EventFilter();
        f.reference = r.f64();
        return f;
    }
}
