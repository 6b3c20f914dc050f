package io.kizashi.alerting.engine;

import io.kizashi.alerting.rules.AlertRule;
import io.kizashi.alerting.rules.Condition;
import io.kizashi.alerting.rules.Labels;
import io.kizashi.alerting.rules.RuleSet;
import io.kizashi.alerting.rules.Silence;
import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.model.Direction;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.core.trend.Forecast;
import io.kizashi.core.trend.ForecastPoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates alert rules over Kizashi's outputs with a Prometheus-like lifecycle: inactive, pending (while
 * {@code for} runs, or while a silence, cooldown, rate limit or false-positive mark holds the alert),
 * firing (until the condition has not held for {@code keep_firing_for}), resolved.
 *
 * <p>Pure: no I/O and no clock. Evaluation times are the observations' bucket times (and {@code now} for
 * staleness only), so the same input gives the same transitions. Re-feeding buckets already seen is a
 * no-op, which makes a restart that replays recent buckets harmless. Not thread-safe: one caller.
 */
public final class AlertEngine {

    private RuleSet rules;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> histories = new HashMap<>();
    private final List<FalsePositive> falsePositives = new ArrayList<>();

    /** A new engine with no state. */
    public AlertEngine(RuleSet rules) {
        this(rules, EngineSnapshot.EMPTY);
    }

    /** An engine that continues from a snapshot; states of rules that no longer exist are dropped. */
    public AlertEngine(RuleSet rules, EngineSnapshot restored) {
        this.rules = Objects.requireNonNull(rules, "rules");
        for (AlertState s : restored.alerts()) {
            Optional<AlertRule> r = rules.rule(s.rule());
            if (r.isPresent()) {
                Alert a = Alert.from(s);
                if (!r.get().conditionDigest().equals(a.digest)) {
                    // The rule's condition changed while we were down: old windows would mix two conditions.
                    a.digest = r.get().conditionDigest();
                    a.members.clear();
                }
                alerts.put(s.fingerprint(), a);
            }
        }
        for (RuleHistory h : restored.histories()) {
            histories.put(h.rule(), new ArrayDeque<>(h.firings().stream().sorted().toList()));
        }
        falsePositives.addAll(restored.falsePositives());
    }

    public RuleSet rules() {
        return rules;
    }

    // ------------------------------------------------------------------ public API

    /**
     * One evaluation cycle: series observations (any order; several buckets per series allowed) and the
     * jobs' health. {@code now} decides staleness of alerts whose series sent nothing (evaluated inactive
     * once every member has been silent for the rule's {@code stale_after}).
     */
    public CycleResult evaluate(Instant now, Collection<SeriesObservation> series, Collection<HealthObservation> health) {
        Objects.requireNonNull(now, "now");
        Cycle c = new Cycle();
        for (AlertRule rule : rules.rules()) {
            Set<Alert> seen = new LinkedHashSet<>();
            if (rule.condition().health()) {
                List<HealthObservation> mine = health.stream().filter(h -> rule.selector().matchesJob(h.jobId()))
                    .sorted(Comparator.comparing(HealthObservation::now).thenComparing(HealthObservation::jobId)).toList();
                for (HealthObservation h : mine) {
                    Alert a = alertFor(rule, healthLabels(rule, h.jobId()));
                    if (observeHealth(rule, a, h)) {
                        step(rule, a, h.now(), c);
                    }
                    seen.add(a);
                }
            } else {
                TreeMap<Instant, List<SeriesObservation>> byBucket = new TreeMap<>();
                for (SeriesObservation o : series) {
                    if (rule.selector().matches(o.series())) {
                        byBucket.computeIfAbsent(o.bucket(), k -> new ArrayList<>()).add(o);
                    }
                }
                for (Map.Entry<Instant, List<SeriesObservation>> e : byBucket.entrySet()) {
                    Set<Alert> touched = new LinkedHashSet<>();
                    List<SeriesObservation> atT = new ArrayList<>(e.getValue());
                    atT.sort(Comparator.comparing(o -> o.series().canonical()));
                    for (SeriesObservation o : atT) {
                        Hit hit = hit(rule.condition(), o);
                        Map<String, String> labels = seriesLabels(rule, o.series());
                        Alert a = alerts.get(Fingerprints.of(labels));
                        if (a == null && !hit.holds) {
                            continue; // the usual case: nothing to remember about a quiet series
                        }
                        a = a == null ? alertFor(rule, labels) : a;
                        if (observeSeries(rule, a, o, hit)) {
                            touched.add(a);
                        }
                        seen.add(a);
                    }
                    for (Alert a : touched) {
                        step(rule, a, e.getKey(), c);
                    }
                }
            }
            // Alerts whose series went silent: inactive once every member is stale.
            for (Alert a : List.copyOf(alerts.values())) {
                if (a.rule.equals(rule.name()) && !seen.contains(a) && a.phase != Phase.INACTIVE
                        && now.isAfter(a.lastEvaluated) && a.allStale(now, rule.staleAfter())) {
                    step(rule, a, now, c);
                }
            }
            for (Alert a : List.copyOf(alerts.values())) {
                if (a.rule.equals(rule.name())) {
                    settle(rule, a, now, c);
                }
            }
        }
        return c.result();
    }

    /**
     * Replaces the rules. Alerts of removed rules resolve (if firing) and are forgotten; alerts of rules
     * whose condition changed restart their windows; lifecycle and labels otherwise continue.
     */
    public CycleResult updateRules(RuleSet newRules, Instant now) {
        Objects.requireNonNull(newRules, "newRules");
        Cycle c = new Cycle();
        RuleSet old = rules;
        rules = newRules;
        for (Alert a : List.copyOf(alerts.values())) {
            Optional<AlertRule> r = newRules.rule(a.rule);
            if (r.isEmpty()) {
                AlertRule was = old.rule(a.rule).orElse(null);
                if (a.phase == Phase.FIRING && was != null) {
                    resolve(was, a, now.isBefore(a.lastEvaluated) ? a.lastEvaluated : now, "rule removed", c);
                }
                alerts.remove(a.fingerprint);
                if (a.persisted) {
                    c.removed.add(a.fingerprint);
                }
            } else if (!r.get().conditionDigest().equals(a.digest)) {
                a.digest = r.get().conditionDigest();
                a.members.clear();
                c.changed.add(a);
            }
        }
        histories.keySet().removeIf(name -> newRules.rule(name).isEmpty());
        return c.result();
    }

    /**
     * Marks an alert as a false positive: a firing alert resolves now (receivers close it), and for the
     * rule's {@code false_positive_mute} the same alert with a deviation in the same direction stays
     * pending instead of firing. The mark is returned in the result for storage (and training).
     *
     * @throws IllegalArgumentException when no alert has that fingerprint
     */
    public CycleResult markFalsePositive(String fingerprint, Instant at, String by, String note) {
        Alert a = alerts.get(fingerprint);
        if (a == null) {
            throw new IllegalArgumentException("no alert with fingerprint '" + fingerprint
                + "': it may have resolved and been forgotten; list firing alerts for current fingerprints");
        }
        AlertRule rule = rules.rule(a.rule).orElseThrow();
        Cycle c = new Cycle();
        Instant t = at.isBefore(a.lastEvaluated) ? a.lastEvaluated : at;
        FalsePositive fp = new FalsePositive(a.fingerprint, a.rule, a.labels, at, at.plus(rule.falsePositiveMute()),
            a.evidence == null ? "any" : a.evidence.direction(), by, note, a.activeSince, a.evidence);
        falsePositives.removeIf(f -> f.id().equals(fp.id()));
        falsePositives.add(fp);
        c.falsePositives.add(fp);
        if (a.phase == Phase.FIRING) {
            resolve(rule, a, t, "marked false positive by " + by + (fp.note().isEmpty() ? "" : ": " + fp.note()), c);
        }
        settle(rule, a, t, c);
        return c.result();
    }

    /** Everything needed to continue after a restart. */
    public EngineSnapshot snapshot() {
        List<RuleHistory> h = histories.entrySet().stream().map(e -> new RuleHistory(e.getKey(), List.copyOf(e.getValue()))).toList();
        return new EngineSnapshot(alerts.values().stream().map(Alert::state).toList(), h, falsePositives);
    }

    /** The alert with that fingerprint, if the engine tracks it. */
    public Optional<AlertState> alert(String fingerprint) {
        return Optional.ofNullable(alerts.get(fingerprint)).map(Alert::state);
    }

    /** Alerts that are firing now (the set a receiver like Alertmanager must keep hearing about). */
    public List<AlertState> firing() {
        return alerts.values().stream().filter(a -> a.phase == Phase.FIRING).map(Alert::state).toList();
    }

    /** Annotations of an alert rendered as a receiver would see them now. */
    public Map<String, String> annotations(AlertState s) {
        AlertRule rule = rules.rule(s.rule()).orElseThrow(() -> new IllegalArgumentException("no rule " + s.rule()));
        return Annotations.render(rule, s.labels(), s.evidence(), s.activeSince(),
            (int) s.members().stream().filter(MemberState::active).count());
    }

    // ------------------------------------------------------------------ labels

    static Map<String, String> seriesLabels(AlertRule rule, SeriesKey key) {
        Map<String, String> l = new TreeMap<>(rule.labels());
        if (rule.groupBy() == null) {
            l.put(Labels.JOB, key.jobId());
            l.put(Labels.METRIC, key.metric());
            key.splits().forEach((f, v) -> l.put(Labels.sanitize(f), v));
        } else {
            for (String g : rule.groupBy()) {
                String v = g.equals(Labels.JOB) ? key.jobId() : g.equals(Labels.METRIC) ? key.metric() : key.splits().get(g);
                if (v != null) {
                    l.put(Labels.sanitize(g), v);
                }
            }
        }
        l.put(Labels.ALERTNAME, rule.name());
        l.put(Labels.SEVERITY, rule.severity().code());
        return l;
    }

    static Map<String, String> healthLabels(AlertRule rule, String jobId) {
        Map<String, String> l = new TreeMap<>(rule.labels());
        l.put(Labels.JOB, jobId);
        l.put(Labels.ALERTNAME, rule.name());
        l.put(Labels.SEVERITY, rule.severity().code());
        return l;
    }

    private Alert alertFor(AlertRule rule, Map<String, String> labels) {
        String fp = Fingerprints.of(labels);
        Alert a = alerts.get(fp);
        if (a == null) {
            a = new Alert(rule.name(), fp, labels, rule.conditionDigest());
            alerts.put(fp, a);
        }
        return a;
    }

    // ------------------------------------------------------------------ conditions

    /** Updates the member's window; false when the observation was already seen (a replay). */
    private boolean observeSeries(AlertRule rule, Alert a, SeriesObservation o, Hit hit) {
        String id = o.series().canonical();
        Member m = a.members.get(id);
        if (m != null && !o.bucket().isAfter(m.lastSeen)) {
            return false;
        }
        if (m == null && a.lastEvaluated != null && !o.bucket().isAfter(a.lastEvaluated)) {
            return false; // a replayed bucket of a series whose empty window was pruned
        }
        if (m == null) {
            m = new Member(id);
            a.members.put(id, m);
        }
        Condition.Window w = window(rule.condition());
        m.push(hit.holds, w.of());
        m.lastSeen = o.bucket();
        m.active = m.count() >= w.count();
        if (hit.holds) {
            m.evidence = Evidence.series(o, hit.strength, hit.crossing, hit.magnitude, hit.changeType);
        } else if (m.evidence == null || !m.active) {
            m.evidence = Evidence.series(o, hit.strength, hit.crossing, hit.magnitude, hit.changeType);
        }
        return true;
    }

    private boolean observeHealth(AlertRule rule, Alert a, HealthObservation h) {
        Member m = a.members.get(h.jobId());
        if (m != null && !h.now().isAfter(m.lastSeen)) {
            return false;
        }
        if (m == null) {
            m = new Member(h.jobId());
            a.members.put(h.jobId(), m);
        }
        boolean holds;
        double strength;
        if (rule.condition() instanceof Condition.NoData nd) {
            Duration age = h.dataAge();
            holds = age == null || age.compareTo(nd.longerThan()) > 0;
            strength = age == null ? Double.MAX_VALUE : age.toMillis();
        } else {
            Condition.DatafeedBehind db = (Condition.DatafeedBehind) rule.condition();
            // a datafeed catching up is behind by design; it is only in trouble when it stops advancing, which is a
            // matter of the process's own time (the observation's sinceProgress), not of the data clock of h.now()
            Duration late = h.catchingUp() ? h.sinceProgress() : h.behind();
            holds = late.compareTo(db.moreThan()) > 0;
            strength = late.toMillis();
        }
        m.push(holds, 1);
        m.lastSeen = h.now();
        m.active = holds;
        m.evidence = Evidence.health(h, strength);
        return true;
    }

    private record Hit(boolean holds, double strength, Instant crossing, double magnitude, String changeType) {
        static Hit of(boolean holds, double strength) {
            return new Hit(holds, strength, null, Double.NaN, null);
        }
    }

    private static Condition.Window window(Condition c) {
        return switch (c) {
            case Condition.Score s -> s.window();
            case Condition.Precursor p -> p.window();
            case Condition.Forecast f -> f.window();
            default -> Condition.Window.ONE;
        };
    }

    static Hit hit(Condition c, SeriesObservation o) {
        return switch (c) {
            case Condition.Score s -> {
                double v = s.measure() == Condition.Measure.RAW ? o.rawScore() : o.score();
                boolean side = s.side() == Condition.Side.ANY
                    || (s.side() == Condition.Side.HIGH && o.direction() == Direction.HIGH)
                    || (s.side() == Condition.Side.LOW && o.direction() == Direction.LOW);
                yield Hit.of(side && v >= s.min(), v);
            }
            case Condition.Precursor p -> {
                double v = o.precursorProbability();
                double min = Double.isNaN(p.min()) ? o.precursorThreshold() : p.min();
                yield Hit.of(!Double.isNaN(v) && !Double.isNaN(min) && v >= min, Double.isNaN(v) ? 0 : v);
            }
            case Condition.Forecast f -> {
                Instant crossing = crossing(f, o.forecast());
                Instant horizon = o.bucket().plus(f.within());
                boolean holds = crossing != null && !crossing.isAfter(horizon);
                double strength = crossing == null ? -Double.MAX_VALUE : -Duration.between(o.bucket(), crossing).toMillis();
                yield new Hit(holds, strength, crossing, Double.NaN, null);
            }
            case Condition.ChangePoint cp -> {
                ChangePoint best = null;
                double bestSize = 0;
                for (ChangePoint p : o.changePoints()) {
                    double size = size(p);
                    boolean type = cp.type() == null || cp.type() == p.type();
                    boolean side = cp.side() == Condition.Side.ANY
                        || (cp.side() == Condition.Side.HIGH && p.sign() > 0)
                        || (cp.side() == Condition.Side.LOW && p.sign() < 0);
                    if (type && side && size >= cp.minMagnitude() && size > bestSize) {
                        best = p;
                        bestSize = size;
                    }
                }
                yield best == null ? Hit.of(false, 0)
                    : new Hit(true, bestSize, null, best.magnitude(), best.type().code());
            }
            default -> throw new IllegalStateException("not a series condition: " + c.kind());
        };
    }

    /** Level shifts by |magnitude|; variance changes by how many times the spread grew or shrank. */
    static double size(ChangePoint p) {
        if (p.type() == ChangeType.VARIANCE_CHANGE) {
            double r = Math.abs(p.magnitude());
            return r == 0 ? 0 : Math.max(r, 1 / r);
        }
        return Math.abs(p.magnitude());
    }

    static Instant crossing(Condition.Forecast f, Forecast forecast) {
        if (forecast == null) {
            return null;
        }
        if (Double.isNaN(f.limit())) {
            return forecast.crossing().orElse(null);
        }
        for (ForecastPoint p : forecast.points()) {
            if (f.above() ? p.expected() >= f.limit() : p.expected() <= f.limit()) {
                return p.timestamp();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ lifecycle

    private void step(AlertRule rule, Alert a, Instant t, Cycle c) {
        if (a.lastEvaluated != null && t.isBefore(a.lastEvaluated)) {
            return; // never move an alert back in time (late data of one member after another's newer bucket)
        }
        boolean active = a.groupActive(t, rule.staleAfter());
        Evidence best = a.bestEvidence(t, rule.staleAfter());
        if (best != null) {
            a.evidence = best;
        }
        a.lastEvaluated = t;
        c.changed.add(a);
        switch (a.phase) {
            case INACTIVE -> {
                if (active) {
                    a.phase = Phase.PENDING;
                    a.activeSince = t;
                    a.heldBy = null;
                    if (!tryFire(rule, a, t, c)) {
                        c.transitions.add(transition(rule, a, TransitionKind.PENDING, t, null));
                    }
                }
            }
            case PENDING -> {
                if (!active) {
                    c.transitions.add(transition(rule, a, TransitionKind.CANCELLED, t, a.heldBy == null ? null : "was held by " + a.heldBy));
                    a.phase = Phase.INACTIVE;
                    a.activeSince = null;
                    a.heldBy = null;
                } else {
                    tryFire(rule, a, t, c);
                }
            }
            case FIRING -> {
                if (active) {
                    a.keepFiringSince = null;
                } else {
                    if (a.keepFiringSince == null) {
                        a.keepFiringSince = t;
                    }
                    if (Duration.between(a.keepFiringSince, t).compareTo(rule.keepFiringFor()) >= 0) {
                        boolean stale = a.allStale(t, rule.staleAfter());
                        resolve(rule, a, t, stale ? "no data for " + io.kizashi.alerting.rules.Durations.format(rule.staleAfter()) : null, c);
                    }
                }
            }
        }
    }

    /** Fires a pending alert whose {@code for} has elapsed unless a gate holds it; true when it fired. */
    private boolean tryFire(AlertRule rule, Alert a, Instant t, Cycle c) {
        if (Duration.between(a.activeSince, t).compareTo(rule.forDuration()) < 0) {
            return false;
        }
        String gate = gate(rule, a, t, c);
        if (gate != null) {
            if (!gate.equals(a.heldBy)) {
                a.heldBy = gate;
                c.held.add(new CycleResult.Hold(rule.name(), a.fingerprint, t, gate));
            }
            return false;
        }
        a.phase = Phase.FIRING;
        a.firedAt = t;
        a.keepFiringSince = null;
        String wasHeld = a.heldBy;
        a.heldBy = null;
        if (rule.rateLimit() != null) {
            Deque<Instant> h = histories.computeIfAbsent(rule.name(), k -> new ArrayDeque<>());
            h.addLast(t);
            c.histories.add(rule.name());
        }
        c.transitions.add(transition(rule, a, TransitionKind.FIRING, t, wasHeld == null ? null : "was held by " + wasHeld));
        return true;
    }

    /** Why the alert may not fire at {@code t}, or null. */
    private String gate(AlertRule rule, Alert a, Instant t, Cycle c) {
        for (Silence s : rules.silences()) {
            if (s.silences(a.labels, t)) {
                return "silence:" + s.name();
            }
        }
        String dir = a.evidence == null ? "none" : a.evidence.direction();
        for (FalsePositive fp : falsePositives) {
            if (fp.fingerprint().equals(a.fingerprint) && fp.suppresses(dir, t)) {
                return "false_positive:" + fp.by() + " until " + fp.until();
            }
        }
        if (a.resolvedAt != null && t.isBefore(a.resolvedAt.plus(rule.cooldown()))) {
            return "cooldown until " + a.resolvedAt.plus(rule.cooldown());
        }
        if (rule.rateLimit() != null) {
            Deque<Instant> h = histories.get(rule.name());
            if (h != null) {
                Instant from = t.minus(rule.rateLimit().per());
                while (!h.isEmpty() && !h.peekFirst().isAfter(from)) {
                    h.removeFirst();
                    c.histories.add(rule.name());
                }
                if (h.size() >= rule.rateLimit().max()) {
                    return "rate_limit:" + rule.rateLimit().max() + " per " + io.kizashi.alerting.rules.Durations.format(rule.rateLimit().per());
                }
            }
        }
        return null;
    }

    private void resolve(AlertRule rule, Alert a, Instant t, String note, Cycle c) {
        a.resolvedAt = t;
        c.transitions.add(transition(rule, a, TransitionKind.RESOLVED, t, note));
        a.phase = Phase.INACTIVE;
        a.activeSince = null;
        a.firedAt = null;
        a.keepFiringSince = null;
        a.heldBy = null;
        c.changed.add(a);
    }

    private AlertTransition transition(AlertRule rule, Alert a, TransitionKind kind, Instant t, String note) {
        Instant since = kind.notifies() ? (kind == TransitionKind.FIRING ? t : a.firedAt) : a.activeSince;
        Instant firedAt = kind == TransitionKind.FIRING ? t : kind == TransitionKind.RESOLVED ? a.firedAt : null;
        Map<String, String> ann = Annotations.render(rule, a.labels, a.evidence, a.activeSince, a.activeMembers(t, rule.staleAfter()));
        return new AlertTransition(AlertTransition.key(a.fingerprint, kind, since), kind, rule.name(), a.fingerprint, a.labels,
            ann, rule.severity(), t, a.activeSince, firedAt, kind == TransitionKind.RESOLVED ? t : null, a.evidence, note);
    }

    /**
     * Prunes empty windows (and, once the alert is inactive, members silent for {@code stale_after}) and
     * forgets alerts with nothing left to remember.
     */
    private void settle(AlertRule rule, Alert a, Instant now, Cycle c) {
        boolean pruned = a.members.values().removeIf(m -> (!m.active && m.hits.indexOf("1") < 0)
            || (a.phase == Phase.INACTIVE && Duration.between(m.lastSeen, now).compareTo(rule.staleAfter()) >= 0));
        if (pruned) {
            c.changed.add(a);
        }
        boolean coolingDown = a.resolvedAt != null && a.lastEvaluated != null
            && a.lastEvaluated.isBefore(a.resolvedAt.plus(rule.cooldown()));
        if (a.phase == Phase.INACTIVE && a.members.isEmpty() && !coolingDown) {
            alerts.remove(a.fingerprint);
            c.changed.remove(a);
            if (a.persisted) {
                c.removed.add(a.fingerprint); // only what was ever reported needs deleting
            }
        }
    }

    // ------------------------------------------------------------------ mutable state

    private final class Cycle {
        final List<AlertTransition> transitions = new ArrayList<>();
        final Set<Alert> changed = new LinkedHashSet<>();
        final Set<String> removed = new LinkedHashSet<>();
        final Set<String> histories = new LinkedHashSet<>();
        final List<CycleResult.Hold> held = new ArrayList<>();
        final List<FalsePositive> falsePositives = new ArrayList<>();

        CycleResult result() {
            List<Alert> kept = changed.stream().filter(a -> alerts.get(a.fingerprint) == a).toList();
            kept.forEach(a -> a.persisted = true);
            List<AlertState> states = kept.stream().map(Alert::state).toList();
            List<String> gone = removed.stream().filter(fp -> !alerts.containsKey(fp)).toList();
            List<RuleHistory> h = histories.stream().filter(AlertEngine.this.histories::containsKey)
                .map(r -> new RuleHistory(r, List.copyOf(AlertEngine.this.histories.get(r)))).toList();
            return new CycleResult(transitions, states, gone, h, held, falsePositives);
        }
    }

    private static final class Member {
        final String id;
        Instant lastSeen;
        StringBuilder hits = new StringBuilder();
        boolean active;
        Evidence evidence;

        Member(String id) {
            this.id = id;
        }

        void push(boolean hit, int of) {
            hits.append(hit ? '1' : '0');
            if (hits.length() > of) {
                hits.delete(0, hits.length() - of);
            }
        }

        int count() {
            int n = 0;
            for (int i = 0; i < hits.length(); i++) {
                n += hits.charAt(i) == '1' ? 1 : 0;
            }
            return n;
        }

        boolean activeAt(Instant t, Duration staleAfter) {
            return active && Duration.between(lastSeen, t).compareTo(staleAfter) < 0;
        }

        MemberState state() {
            return new MemberState(id, lastSeen, hits.toString(), active, evidence);
        }

        static Member from(MemberState s) {
            Member m = new Member(s.id());
            m.lastSeen = s.lastSeen();
            m.hits = new StringBuilder(s.hits());
            m.active = s.active();
            m.evidence = s.evidence();
            return m;
        }
    }

    private static final class Alert {
        final String rule;
        final String fingerprint;
        final Map<String, String> labels;
        String digest;
        Phase phase = Phase.INACTIVE;
        Instant activeSince;
        Instant firedAt;
        Instant keepFiringSince;
        Instant resolvedAt;
        Instant lastEvaluated;
        String heldBy;
        Evidence evidence;
        /** Reported for persistence at least once (restored alerts are): its removal must be reported too. */
        boolean persisted;
        final Map<String, Member> members = new TreeMap<>();

        Alert(String rule, String fingerprint, Map<String, String> labels, String digest) {
            this.rule = rule;
            this.fingerprint = fingerprint;
            this.labels = Labels.sorted(labels);
            this.digest = digest;
        }

        boolean groupActive(Instant t, Duration staleAfter) {
            return members.values().stream().anyMatch(m -> m.activeAt(t, staleAfter));
        }

        int activeMembers(Instant t, Duration staleAfter) {
            return (int) members.values().stream().filter(m -> m.activeAt(t, staleAfter)).count();
        }

        /**
         * True when every member has been silent for {@code staleAfter}; without members (windows reset by a
         * rule change), when the alert itself has not been evaluated for that long.
         */
        boolean allStale(Instant t, Duration staleAfter) {
            if (members.isEmpty()) {
                return lastEvaluated == null || Duration.between(lastEvaluated, t).compareTo(staleAfter) >= 0;
            }
            return members.values().stream().allMatch(m -> Duration.between(m.lastSeen, t).compareTo(staleAfter) >= 0);
        }

        /** The strongest active member's evidence, else the most recent member's, else null. */
        Evidence bestEvidence(Instant t, Duration staleAfter) {
            Evidence best = null;
            for (Member m : members.values()) {
                if (m.evidence != null && m.activeAt(t, staleAfter) && (best == null || m.evidence.strength() > best.strength())) {
                    best = m.evidence;
                }
            }
            if (best != null) {
                return best;
            }
            for (Member m : members.values()) {
                if (m.evidence != null && (best == null || m.evidence.bucket().isAfter(best.bucket()))) {
                    best = m.evidence;
                }
            }
            return best;
        }

        AlertState state() {
            return new AlertState(AlertState.VERSION, rule, fingerprint, labels, digest, phase, activeSince, firedAt,
                keepFiringSince, resolvedAt, lastEvaluated, heldBy, evidence, members.values().stream().map(Member::state).toList());
        }

        static Alert from(AlertState s) {
            Alert a = new Alert(s.rule(), s.fingerprint(), s.labels(), s.conditionDigest());
            a.phase = s.phase();
            a.activeSince = s.activeSince();
            a.firedAt = s.firedAt();
            a.keepFiringSince = s.keepFiringSince();
            a.resolvedAt = s.resolvedAt();
            a.lastEvaluated = s.lastEvaluated();
            a.heldBy = s.heldBy();
            a.evidence = s.evidence();
            s.members().forEach(m -> a.members.put(m.id(), Member.from(m)));
            a.persisted = true;
            return a;
        }
    }
}
