package io.kizashi.precursor.train;

import io.kizashi.precursor.labels.IncidentWindow;
import io.kizashi.precursor.labels.Incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores alerts against incidents the way an on-call engineer would: was each incident flagged before its
 * start (and how early), was it flagged at all by its end, how many alarm events fired outside any incident
 * per entity-day, and what share of alarm events were real. An alarm event is an alert bucket with no alert
 * in the {@code horizon} buckets before it, so a long alert run counts once.
 */
public final class EventEvaluator {

    private final Incidents incidents;
    private final Duration span;
    private final int horizon;

    public EventEvaluator(Incidents incidents, Duration span, int horizon) {
        this.incidents = incidents;
        this.span = span;
        this.horizon = horizon;
    }

    /** Alerts of one entity: timestamps in order and one flag per timestamp. */
    public record EntityAlerts(String entity, Instant[] timestamps, boolean[] alerts) {
        public EntityAlerts {
            if (timestamps.length != alerts.length) {
                throw new IllegalArgumentException("timestamps and alerts differ in length");
            }
        }
    }

    public EventReport evaluate(List<EntityAlerts> entities) {
        int total = 0;
        int early = 0;
        int detected = 0;
        List<Double> leads = new ArrayList<>();
        int alarms = 0;
        int falseAlarms = 0;
        double days = 0;
        Duration warn = span.multipliedBy(horizon);
        for (EntityAlerts e : entities) {
            Instant[] ts = e.timestamps();
            if (ts.length == 0) {
                continue;
            }
            days += ts.length * span.toSeconds() / 86_400.0;
            List<IncidentWindow> inc = incidents.of(e.entity());
            for (IncidentWindow w : inc) {
                Instant from = w.start().minus(warn);
                if (from.isBefore(ts[0]) || w.start().isAfter(ts[ts.length - 1])) {
                    continue; // its early-warning window is not (fully) in the data
                }
                total++;
                Instant firstEarly = null;
                boolean any = false;
                for (int i = 0; i < ts.length; i++) {
                    if (!e.alerts()[i] || ts[i].isBefore(from) || ts[i].isAfter(w.end())) {
                        continue;
                    }
                    any = true;
                    if (ts[i].isBefore(w.start()) && firstEarly == null) {
                        firstEarly = ts[i];
                    }
                }
                if (firstEarly != null) {
                    early++;
                    leads.add(Duration.between(firstEarly, w.start()).toSeconds() / 60.0);
                }
                detected += any ? 1 : 0;
            }
            int lastAlert = Integer.MIN_VALUE / 2;
            for (int i = 0; i < ts.length; i++) {
                if (!e.alerts()[i]) {
                    continue;
                }
                if (i - lastAlert > horizon) {
                    alarms++;
                    if (!explained(inc, ts[i], warn)) {
                        falseAlarms++;
                    }
                }
                lastAlert = i;
            }
        }
        return new EventReport(total, early, detected, leads, alarms, falseAlarms, days);
    }

    private static boolean explained(List<IncidentWindow> inc, Instant t, Duration warn) {
        for (IncidentWindow w : inc) {
            if (!t.isBefore(w.start().minus(warn)) && !t.isAfter(w.end())) {
                return true;
            }
        }
        return false;
    }

    /** Convenience: alerts from per-entity scores and one threshold. */
    public static List<EntityAlerts> threshold(Map<String, Instant[]> timestamps, Map<String, double[]> scores, double threshold) {
        List<EntityAlerts> out = new ArrayList<>();
        for (Map.Entry<String, Instant[]> e : timestamps.entrySet()) {
            double[] s = scores.get(e.getKey());
            boolean[] a = new boolean[s.length];
            for (int i = 0; i < s.length; i++) {
                a[i] = s[i] >= threshold;
            }
            out.add(new EntityAlerts(e.getKey(), e.getValue(), a));
        }
        return out;
    }
}
