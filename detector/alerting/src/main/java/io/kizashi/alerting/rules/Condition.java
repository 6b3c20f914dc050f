package io.kizashi.alerting.rules;

import io.kizashi.core.change.ChangeType;

import java.time.Duration;
import java.util.Objects;

/**
 * What makes a rule active, over Kizashi's outputs (series conditions) or over a job's datafeed
 * (health conditions). Exactly one per rule; the YAML key is {@link #kind()}.
 */
public sealed interface Condition {

    /** The condition's YAML key, e.g. {@code score}. */
    String kind();

    /** True for conditions evaluated on {@code HealthObservation}s (per job) instead of series. */
    default boolean health() {
        return false;
    }

    /** The N-of-M window of a series condition: {@code count} hits among the last {@code of} buckets. */
    record Window(int count, int of) {
        public static final int MAX_OF = 100;
        public static final Window ONE = new Window(1, 1);

        public Window {
            if (count < 1 || of < count || of > MAX_OF) {
                throw new IllegalArgumentException("need 1 <= count <= of <= " + MAX_OF + ", got count " + count + ", of " + of);
            }
        }
    }

    /** Which side of the expected value counts. */
    enum Side {
        ANY("any"), HIGH("high"), LOW("low");

        private final String code;

        Side(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Which score: {@code raw} = {@code 10 * -log10(probability)} capped at 100, every bucket; {@code event} =
     * the published score, which the core mutes after the first bucket of an event (so N-of-M over it
     * rarely holds for N > 1).
     */
    enum Measure {
        RAW("raw"), EVENT("event");

        private final String code;

        Measure(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Anomaly score >= {@code min} in N of the last M buckets, optionally on one side only. */
    record Score(double min, Window window, Side side, Measure measure) implements Condition {
        public Score {
            if (!(min > 0 && min <= 100)) {
                throw new IllegalArgumentException("score min must be in (0, 100], got " + min);
            }
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(measure, "measure");
        }

        @Override
        public String kind() {
            return "score";
        }
    }

    /**
     * Precursor probability (an incident is coming) >= {@code min} in N of the last M buckets; with
     * {@code min} NaN, at or above the threshold the precursor model was shipped with (calibrated
     * probabilities of a rare event are small: a model's threshold is e.g. 0.005, and moves with each version).
     */
    record Precursor(double min, Window window) implements Condition {
        public Precursor {
            if (!Double.isNaN(min) && !(min > 0 && min <= 1)) {
                throw new IllegalArgumentException("precursor min must be in (0, 1] (or absent: the model's threshold), got " + min);
            }
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String kind() {
            return "precursor";
        }
    }

    /**
     * The trend forecast reaches a limit within {@code within} of the bucket. With {@code limit} NaN the
     * job's own configured limit (its forecast's crossing) is used; otherwise the forecast's expected
     * values are compared with {@code limit} ({@code above}: reaches or exceeds it; {@code below}: falls to it).
     */
    record Forecast(Duration within, double limit, boolean above, Window window) implements Condition {
        public Forecast {
            Objects.requireNonNull(within, "within");
            if (within.isNegative() || within.isZero()) {
                throw new IllegalArgumentException("forecast within must be positive, got " + within);
            }
            if (Double.isInfinite(limit)) {
                throw new IllegalArgumentException("forecast limit must be finite (or NaN for the job's limit)");
            }
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String kind() {
            return "forecast";
        }
    }

    /**
     * A change point of at least {@code minMagnitude} (in units of the spread before it, absolute value)
     * confirmed at the bucket; {@code type} null for any type; {@code side} HIGH = upward, LOW = downward.
     */
    record ChangePoint(double minMagnitude, ChangeType type, Side side) implements Condition {
        public ChangePoint {
            if (!(minMagnitude > 0) || Double.isInfinite(minMagnitude)) {
                throw new IllegalArgumentException("change_point min_magnitude must be positive, got " + minMagnitude);
            }
            Objects.requireNonNull(side, "side");
        }

        @Override
        public String kind() {
            return "change_point";
        }
    }

    /** A job's newest data is older than {@code longerThan} (or it never had any). */
    record NoData(Duration longerThan) implements Condition {
        public NoData {
            Objects.requireNonNull(longerThan, "longerThan");
            if (longerThan.isNegative() || longerThan.isZero()) {
                throw new IllegalArgumentException("no_data longer_than must be positive, got " + longerThan);
            }
        }

        @Override
        public String kind() {
            return "no_data";
        }

        @Override
        public boolean health() {
            return true;
        }
    }

    /** A job's datafeed lags real time by more than {@code moreThan}. */
    record DatafeedBehind(Duration moreThan) implements Condition {
        public DatafeedBehind {
            Objects.requireNonNull(moreThan, "moreThan");
            if (moreThan.isNegative() || moreThan.isZero()) {
                throw new IllegalArgumentException("datafeed_behind more_than must be positive, got " + moreThan);
            }
        }

        @Override
        public String kind() {
            return "datafeed_behind";
        }

        @Override
        public boolean health() {
            return true;
        }
    }
}
