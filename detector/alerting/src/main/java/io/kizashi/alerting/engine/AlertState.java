package io.kizashi.alerting.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The persisted state of one alert (one rule, one label set): enough for a new engine to continue
 * where the previous one stopped, so that pending alerts keep their start and firing alerts do not fire
 * again. Versioned; {@link #VERSION} is the current layout.
 *
 * @param version         layout version
 * @param rule            rule name
 * @param fingerprint     stable id of the label set
 * @param labels          the alert's labels
 * @param conditionDigest the rule's condition digest the windows were filled under
 * @param phase           lifecycle phase
 * @param activeSince     when the condition started holding in this episode (pending and firing), else null
 * @param firedAt         when it started firing, else null
 * @param keepFiringSince first evaluation where a firing alert's condition no longer held, else null
 * @param resolvedAt      last resolution (kept for the cooldown), else null
 * @param lastEvaluated   last evaluation time
 * @param heldBy          why a pending alert whose {@code for} has elapsed does not fire (silence:x, cooldown, ...), else null
 * @param evidence        the evidence shown (worst active member), or null
 * @param members         the group's series with a non-empty window or an active condition
 */
public record AlertState(int version, String rule, String fingerprint, Map<String, String> labels, String conditionDigest,
                         Phase phase, Instant activeSince, Instant firedAt, Instant keepFiringSince, Instant resolvedAt,
                         Instant lastEvaluated, String heldBy, Evidence evidence, List<MemberState> members) {

    public static final int VERSION = 1;

    public AlertState {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(fingerprint, "fingerprint");
        labels = io.kizashi.alerting.rules.Labels.sorted(labels);
        Objects.requireNonNull(phase, "phase");
        members = List.copyOf(members);
        if (phase != Phase.INACTIVE && activeSince == null) {
            throw new IllegalArgumentException("a " + phase + " alert needs activeSince");
        }
        if (phase == Phase.FIRING && firedAt == null) {
            throw new IllegalArgumentException("a firing alert needs firedAt");
        }
    }
}
