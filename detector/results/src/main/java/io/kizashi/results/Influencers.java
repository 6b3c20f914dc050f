package io.kizashi.results;

import io.kizashi.core.series.SeriesKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks which split values and metrics contribute most to a job's anomalies in one bucket: each
 * deviating series (probability below {@value #DEVIATING}) adds its surprise ({@code -log10 p}) to
 * each of its split values and to its metric; contributions are shares of the bucket's total surprise.
 */
public final class Influencers {

    static final double DEVIATING = 0.05;

    private Influencers() {
    }

    /** One series' judgement in the bucket. */
    public record Contribution(SeriesKey series, double probability) {
    }

    /** The top {@code limit} influences, largest first (empty when nothing deviates). */
    public static List<Influence> rank(List<Contribution> contributions, int limit) {
        Map<String, double[]> byValue = new HashMap<>();
        Map<String, Map<String, Double>> valueByMetric = new HashMap<>();
        Map<String, double[]> byMetric = new HashMap<>();
        double total = 0;
        for (Contribution c : contributions) {
            if (!(c.probability() < DEVIATING)) {
                continue;
            }
            double s = -Math.log10(Math.max(c.probability(), 1e-300));
            total += s;
            String metric = c.series().metric();
            byMetric.computeIfAbsent(metric, k -> new double[1])[0] += s;
            for (Map.Entry<String, String> e : c.series().splits().entrySet()) {
                String key = e.getKey() + "\u0000" + e.getValue();
                byValue.computeIfAbsent(key, k -> new double[1])[0] += s;
                valueByMetric.computeIfAbsent(key, k -> new HashMap<>()).merge(metric, s, Double::sum);
            }
        }
        if (total == 0) {
            return List.of();
        }
        List<Influence> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : byValue.entrySet()) {
            String[] fv = e.getKey().split("\u0000", 2);
            String topMetric = valueByMetric.get(e.getKey()).entrySet().stream()
                    .max(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .map(Map.Entry::getKey).orElse(null);
            out.add(new Influence(fv[0], fv[1], topMetric, 100 * e.getValue()[0] / total));
        }
        if (byMetric.size() > 1) {
            for (Map.Entry<String, double[]> e : byMetric.entrySet()) {
                out.add(new Influence("metric", e.getKey(), e.getKey(), 100 * e.getValue()[0] / total));
            }
        }
        // deterministic order: score, then field and value
        out.sort(Comparator.comparingDouble(Influence::score).reversed()
                .thenComparing(Influence::field).thenComparing(Influence::value));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }
}
