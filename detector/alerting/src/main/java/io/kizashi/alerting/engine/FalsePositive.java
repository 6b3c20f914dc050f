package io.kizashi.alerting.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A person's verdict that an alert was a false positive. Until {@code until}, the same alert (same
 * fingerprint) with a deviation in the same direction does not fire again; the record is kept for
 * training (which series, when, what it looked like).
 *
 * @param fingerprint  the alert
 * @param rule         its rule
 * @param labels       its labels
 * @param markedAt     when the mark was given
 * @param until        suppression end (equal to markedAt when the rule does not suppress)
 * @param direction    high/low of the deviation marked, or "any"
 * @param by           who marked it
 * @param note         why
 * @param activeSince  start of the marked episode
 * @param evidence     what the alert showed, or null
 */
public record FalsePositive(String fingerprint, String rule, Map<String, String> labels, Instant markedAt, Instant until,
                            String direction, String by, String note, Instant activeSince, Evidence evidence) {
    public FalsePositive {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(rule, "rule");
        labels = io.kizashi.alerting.rules.Labels.sorted(labels);
        Objects.requireNonNull(markedAt, "markedAt");
        Objects.requireNonNull(until, "until");
        direction = direction == null || direction.equals("none") ? "any" : direction;
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("a false-positive mark needs who gave it (by)");
        }
        note = note == null ? "" : note;
    }

    /** Document id: one mark per alert episode (marking twice replaces). */
    public String id() {
        return fingerprint + "-fp-" + (activeSince == null ? markedAt : activeSince).toEpochMilli();
    }

    /** True when it suppresses an activation in {@code dir} at {@code t}. */
    public boolean suppresses(String dir, Instant t) {
        return t.isBefore(until) && (direction.equals("any") || direction.equals(dir));
    }
}
