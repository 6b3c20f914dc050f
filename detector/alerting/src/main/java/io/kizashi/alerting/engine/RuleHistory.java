package io.kizashi.alerting.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** When alerts of one rule started firing recently (for its rate limit); persisted with the alert states. */
public record RuleHistory(String rule, List<Instant> firings) {
    public RuleHistory {
        Objects.requireNonNull(rule, "rule");
        firings = List.copyOf(firings);
    }
}
