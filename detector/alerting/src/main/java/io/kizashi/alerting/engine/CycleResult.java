package io.kizashi.alerting.engine;

import java.time.Instant;
import java.util.List;

/**
 * What one engine call produced: transitions to record and deliver, and the state to persist.
 *
 * @param transitions  in evaluation order
 * @param changed      alert states that changed (persist them)
 * @param removed      fingerprints whose state is no longer needed (delete them)
 * @param histories    rule histories that changed
 * @param held         alerts whose {@code for} elapsed but that a gate newly holds
 * @param falsePositives new false-positive marks (store them)
 */
public record CycleResult(List<AlertTransition> transitions, List<AlertState> changed, List<String> removed,
                          List<RuleHistory> histories, List<Hold> held, List<FalsePositive> falsePositives) {

    public CycleResult {
        transitions = List.copyOf(transitions);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        histories = List.copyOf(histories);
        held = List.copyOf(held);
        falsePositives = List.copyOf(falsePositives);
    }

    /** An alert kept pending by a silence, cooldown, rate limit or false-positive mark. */
    public record Hold(String rule, String fingerprint, Instant at, String reason) {
    }

    /** Transitions of one kind (for tests and logs). */
    public List<AlertTransition> of(TransitionKind kind) {
        return transitions.stream().filter(t -> t.kind() == kind).toList();
    }
}
