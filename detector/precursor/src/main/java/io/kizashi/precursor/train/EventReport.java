package io.kizashi.precursor.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-level figures of one detector on one set of entities and incidents.
 *
 * @param incidents        incidents scored (their early-warning window lies in the data)
 * @param earlyFlagged     incidents with an alert in [start - horizon, start)
 * @param detected         incidents with an alert in [start - horizon, end]
 * @param leadMinutes      per early-flagged incident: minutes from the first alert in its early window to its start
 * @param alarms           alarm events (an alert bucket with no alert in the horizon before it)
 * @param falseAlarms      alarm events outside every [start - horizon, end]
 * @param entityDays       entity-days of data scored
 */
public record EventReport(int incidents, int earlyFlagged, int detected, List<Double> leadMinutes, int alarms, int falseAlarms,
                          double entityDays) {

    public EventReport {
        leadMinutes = List.copyOf(leadMinutes);
    }

    public double earlyRecall() {
        return incidents == 0 ? 0 : earlyFlagged / (double) incidents;
    }

    public double detectionRecall() {
        return incidents == 0 ? 0 : detected / (double) incidents;
    }

    /** Median lead time of the early-flagged incidents in minutes (0 when none). */
    public double medianLeadMinutes() {
        if (leadMinutes.isEmpty()) {
            return 0;
        }
        double[] s = leadMinutes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public double falseAlarmsPerEntityDay() {
        return entityDays == 0 ? 0 : falseAlarms / entityDays;
    }

    /** Share of alarm events that were early warnings or detections (1 when there were none). */
    public double precision() {
        return alarms == 0 ? 1 : (alarms - falseAlarms) / (double) alarms;
    }

    /** The figures as a JSON-friendly map (rounded for reading). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("incidents", incidents);
        m.put("early_flagged", earlyFlagged);
        m.put("early_warning_recall", round(earlyRecall()));
        m.put("median_lead_minutes", round(medianLeadMinutes()));
        m.put("lead_minutes", leadMinutes);
        m.put("detected", detected);
        m.put("detection_recall", round(detectionRecall()));
        m.put("alarms", alarms);
        m.put("false_alarms", falseAlarms);
        m.put("entity_days", round(entityDays));
        m.put("false_alarms_per_entity_day", round(falseAlarmsPerEntityDay()));
        m.put("precision", round(precision()));
        return m;
    }

    /** One line for tables. */
    public String line(String name) {
        return String.format(java.util.Locale.ROOT, "%-28s early recall %5.1f%% (%d/%d)  median lead %5.1f min  detection recall %5.1f%%  "
                        + "false alarms/entity-day %6.3f  precision %5.1f%% (%d alarms)",
                name, 100 * earlyRecall(), earlyFlagged, incidents, medianLeadMinutes(), 100 * detectionRecall(),
                falseAlarmsPerEntityDay(), 100 * precision(), alarms);
    }

    static double round(double x) {
        return Math.round(x * 10_000) / 10_000.0;
    }
}
