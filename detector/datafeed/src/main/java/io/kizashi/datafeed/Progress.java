package io.kizashi.datafeed;

import java.time.Duration;

/**
 * How far a datafeed is: buckets handed on since the backfill start, out of all complete buckets now,
 * and an estimate of the time left at the recent pace (null until there is a pace, or when caught up).
 */
public record Progress(long bucketsDone, long bucketsTotal, Duration eta) {

    public Progress {
        if (bucketsDone < 0 || bucketsTotal < bucketsDone) {
            throw new IllegalArgumentException("need 0 <= done <= total, got " + bucketsDone + " of " + bucketsTotal);
        }
    }

    /** Done fraction in [0, 1] (1 for an empty total). */
    public double fraction() {
        return bucketsTotal == 0 ? 1 : bucketsDone / (double) bucketsTotal;
    }

    public boolean caughtUp() {
        return bucketsDone == bucketsTotal;
    }

    @Override
    public String toString() {
        return bucketsDone + "/" + bucketsTotal + " buckets (" + Math.round(fraction() * 1000) / 10.0 + "%)"
            + (eta == null ? "" : ", ETA " + format(eta));
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
