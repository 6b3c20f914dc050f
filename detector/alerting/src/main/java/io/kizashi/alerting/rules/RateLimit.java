package io.kizashi.alerting.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} alerts of one rule start firing within any window of length {@code per}; more are
 * held pending (not dropped) until the window has room, if still active then.
 */
public record RateLimit(int max, Duration per) {
    public RateLimit {
        if (max < 1) {
            throw new IllegalArgumentException("rate_limit max must be >= 1, got " + max);
        }
        Objects.requireNonNull(per, "per");
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("rate_limit per must be positive, got " + per);
        }
    }
}
