package io.kizashi.datafeed.job;

import java.time.Duration;
import java.util.Objects;

/**
 * The late-data check (like Elastic's delayed_data_check_config): every {@code frequency} of data time,
 * the per-bucket document totals of the last {@code window} are counted again and compared with the
 * counts seen when those buckets were pulled.
 *
 * @param enabled   run the check (default true)
 * @param window    how far back to re-count, a whole number of buckets (default max(2h, 8 buckets))
 * @param frequency how often to check, a whole number of buckets (default max(15m, 1 bucket))
 * @param rescore   also re-pull the buckets that grew and hand them on as a revision batch (default false)
 */
public record DelayedDataCheckSpec(boolean enabled, Duration window, Duration frequency, boolean rescore) {

    /** Most buckets a window may hold: the counts are kept with the checkpoint. */
    public static final int MAX_WINDOW_BUCKETS = 10_000;

    public DelayedDataCheckSpec {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(frequency, "frequency");
        if (window.isNegative() || window.isZero() || frequency.isNegative() || frequency.isZero()) {
            throw new IllegalArgumentException("window and frequency must be positive, got " + window + " and " + frequency);
        }
    }

    /** The defaults for a bucket span. */
    public static DelayedDataCheckSpec defaults(Duration bucketSpan) {
        Duration window = max(Duration.ofHours(2), bucketSpan.multipliedBy(8));
        Duration frequency = roundUp(max(Duration.ofMinutes(15), bucketSpan), bucketSpan);
        return new DelayedDataCheckSpec(true, roundUp(window, bucketSpan), frequency, false);
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Duration roundUp(Duration d, Duration unit) {
        long u = unit.toMillis();
        return Duration.ofMillis((d.toMillis() + u - 1) / u * u);
    }
}
