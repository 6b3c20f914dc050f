package io.kizashi.precursor.train;

import java.util.List;
import java.util.Map;

/** The short human description written into every bundle (MODEL_CARD.md). */
public final class ModelCard {

    private ModelCard() {
    }

    @SuppressWarnings("unchecked")
    public static String render(String id, Map<String, Object> provenance, Map<String, Object> evaluation, int horizon,
                                String span, double threshold, int features) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Precursor model ").append(id).append("\n\n");
        sb.append("**What it predicts.** For one entity (service, pod or machine) and one bucket, the probability that an incident ")
                .append("starts within the next ").append(horizon).append(" buckets of ").append(span)
                .append(", from ").append(features).append(" metric-agnostic features of Kizashi's own per-metric results ")
                .append("(scores, residuals in units of the normal band, slopes, volatility, how many metrics deviate, change points). ")
                .append("It runs on entities with any set of metrics.\n\n");
        sb.append("**Default alert.** probability >= ").append(String.format(java.util.Locale.ROOT, "%.4f", threshold))
                .append(", chosen on the latest part of the training period (never on the evaluation data) for at most ")
                .append(provenance.getOrDefault("false_alarms_per_entity_day_budget", "?")).append(" false alarm per entity-day.\n\n");
        sb.append("**Training.** ").append(provenance.get("trainer")).append("; data ").append(provenance.get("data")).append(".\n\n");
        sb.append("**Reproduce.** `").append(provenance.get("command")).append("` at git revision ")
                .append(provenance.get("git_revision")).append(".\n\n");
        sb.append("**Held-out evaluation** (").append(evaluation.get("split")).append("):\n\n");
        sb.append("| detector | early-warning recall | median lead (min) | detection recall | false alarms / entity-day | precision |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (String k : List.of("precursor", "univariate_max_score_at_0.4", "precursor_at_univariate_false_alarms",
                "univariate_at_matched_false_alarms", "univariate_or_precursor")) {
            Object v = evaluation.get(k);
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> r = (Map<String, Object>) m;
                sb.append("| ").append(k).append(" | ").append(r.get("early_warning_recall")).append(" (").append(r.get("early_flagged"))
                        .append("/").append(r.get("incidents")).append(") | ").append(r.get("median_lead_minutes")).append(" | ")
                        .append(r.get("detection_recall")).append(" | ").append(r.get("false_alarms_per_entity_day")).append(" | ")
                        .append(r.get("precision")).append(" |\n");
            }
        }
        sb.append("\n**Limits.** Trained on few incidents; probabilities are calibrated on the training entities' latest days and "
                + "drift on entities that behave differently. The features assume the bucket span above: a model trained on "
                + "5-minute buckets reads \"the last 2 hours\" as 24 buckets whatever their span. Retrain when the core's "
                + "detection changes (the golden check refuses a bundle whose outputs moved).\n");
        return sb.toString();
    }
}
