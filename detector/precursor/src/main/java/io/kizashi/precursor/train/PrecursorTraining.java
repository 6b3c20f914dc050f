package io.kizashi.precursor.train;

import io.kizashi.precursor.corpus.ScoredRow;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.labels.Incidents;
import io.kizashi.precursor.model.Calibration;
import io.kizashi.precursor.model.TribuoPrecursorModel;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Trains one precursor model from scored rows and incidents, never on the future: the rows are cut in time
 * into a fit part (earlier) and a calibration part (later); the classifier learns on the fit part with the
 * rare positives up-weighted, its raw probability is Platt-calibrated on the calibration part, and the
 * default alert threshold is the lowest one whose false alarms per entity-day on the calibration part stay
 * within the budget. Rows inside an incident are not examples (they are neither "calm" nor "about to fail").
 */
public final class PrecursorTraining {

    /**
     * @param trainer              classifier and parameters
     * @param horizon              target: an incident starts within this many buckets
     * @param span                 bucket span of the rows
     * @param calibrationShare     share of the time range (the latest part) kept for calibration and the threshold
     * @param falseAlarmsPerDay    budget of false alarm events per entity-day that sets the threshold
     * @param maxPositiveWeight    cap on the weight of a positive example (negatives weigh 1)
     */
    public record Config(TrainerSpec trainer, int horizon, Duration span, double calibrationShare, double falseAlarmsPerDay,
                         double maxPositiveWeight) {
        public Config {
            Objects.requireNonNull(trainer, "trainer");
            Objects.requireNonNull(span, "span");
            if (horizon < 1 || horizon > 10_000) {
                throw new IllegalArgumentException("horizon must be in 1..10000 buckets, got " + horizon);
            }
            if (!(calibrationShare > 0 && calibrationShare < 1)) {
                throw new IllegalArgumentException("calibration share must be in (0, 1), got " + calibrationShare);
            }
            if (!(falseAlarmsPerDay > 0)) {
                throw new IllegalArgumentException("false-alarm budget must be > 0 per entity-day, got " + falseAlarmsPerDay);
            }
            if (!(maxPositiveWeight >= 1)) {
                throw new IllegalArgumentException("max positive weight must be >= 1, got " + maxPositiveWeight);
            }
        }

        /** Horizon 6 buckets (30 min at 5 min), 30 % for calibration, half a false alarm per entity-day, weight cap 50. */
        public static Config defaults(TrainerSpec trainer, Duration span) {
            return new Config(trainer, 6, span, 0.3, 0.5, 50);
        }

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("horizon_buckets", horizon);
            m.put("bucket_span", span.toString());
            m.put("calibration_share", calibrationShare);
            m.put("false_alarms_per_entity_day_budget", falseAlarmsPerDay);
            m.put("max_positive_weight", maxPositiveWeight);
            return m;
        }
    }

    /**
     * A trained model with its threshold.
     *
     * @param stats counts and cut points of the split (for the provenance)
     */
    public record Trained(TribuoPrecursorModel model, double threshold, Map<String, Object> stats) {
    }

    private PrecursorTraining() {
    }

    public static Trained train(Map<String, List<ScoredRow>> rowsByEntity, Incidents incidents, FeatureSchema schema, Config cfg) {
        Instant min = null;
        Instant max = null;
        for (List<ScoredRow> rows : rowsByEntity.values()) {
            for (ScoredRow r : rows) {
                min = min == null || r.timestamp().isBefore(min) ? r.timestamp() : min;
                max = max == null || r.timestamp().isAfter(max) ? r.timestamp() : max;
            }
        }
        if (min == null) {
            throw new IllegalArgumentException("no rows to train on");
        }
        long rangeS = Duration.between(min, max).toSeconds();
        Instant cut = min.plusSeconds(Math.round(rangeS * (1 - cfg.calibrationShare())));

        List<Example> fit = new ArrayList<>();
        List<Example> cal = new ArrayList<>();
        for (Map.Entry<String, List<ScoredRow>> e : rowsByEntity.entrySet()) {
            for (ScoredRow r : e.getValue()) {
                if (incidents.during(e.getKey(), r.timestamp())) {
                    continue;
                }
                boolean y = incidents.startsWithin(e.getKey(), r.timestamp(), cfg.span(), cfg.horizon());
                (r.timestamp().isBefore(cut) ? fit : cal).add(new Example(r, y));
            }
        }
        fit.sort(Comparator.comparing((Example x) -> x.row.timestamp()).thenComparing(x -> x.row.entity()));
        long pos = fit.stream().filter(Example::positive).count();
        if (pos == 0 || pos == fit.size()) {
            throw new IllegalArgumentException("the fit part (" + min + " .. " + cut + ") has " + pos + " positive of " + fit.size()
                    + " examples; a classifier needs both: give more incidents, a longer horizon or a smaller --calibration-share");
        }
        double wPos = Math.min(cfg.maxPositiveWeight(), (fit.size() - pos) / (double) pos);

        LabelFactory lf = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance("kizashi precursor rows " + min + " .. " + cut, max.atOffset(ZoneOffset.UTC), lf), lf);
        String[] names = schema.names().toArray(String[]::new);
        for (Example x : fit) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(x.positive ? TribuoPrecursorModel.POSITIVE : TribuoPrecursorModel.NEGATIVE),
                    names, x.row.features().clone());
            ex.setWeight((float) (x.positive ? wPos : 1.0));
            ds.add(ex);
        }
        Model<Label> model = cfg.trainer().tribuoTrainer().train(ds);
        TribuoPrecursorModel raw = new TribuoPrecursorModel(model, schema, Calibration.IDENTITY);

        double[] scores = new double[cal.size()];
        boolean[] ys = new boolean[cal.size()];
        long calPos = 0;
        double[] rawScores = raw.probabilities(cal.stream().map(x -> x.row.features()).toList());
        for (int i = 0; i < cal.size(); i++) {
            scores[i] = rawScores[i];
            ys[i] = cal.get(i).positive;
            calPos += ys[i] ? 1 : 0;
        }
        Calibration calibration = Calibration.fit(scores, ys);
        TribuoPrecursorModel calibrated = new TribuoPrecursorModel(model, schema, calibration);

        // threshold on the calibration part's full time series (incident rows included: alarms there are true)
        Map<String, List<ScoredRow>> calRows = new TreeMap<>();
        rowsByEntity.forEach((k, v) -> calRows.put(k, v.stream().filter(r -> !r.timestamp().isBefore(cut)).toList()));
        double threshold = chooseThreshold(calibrated, calRows, incidents.only(rowsByEntity.keySet()), cfg);

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("data_from", min.toString());
        stats.put("data_to", max.toString());
        stats.put("calibration_from", cut.toString());
        stats.put("fit_examples", fit.size());
        stats.put("fit_positives", pos);
        stats.put("positive_weight", EventReport.round(wPos));
        stats.put("calibration_examples", cal.size());
        stats.put("calibration_positives", calPos);
        stats.put("calibration_a", calibration.a());
        stats.put("calibration_b", calibration.b());
        stats.put("threshold", threshold);
        return new Trained(calibrated, threshold, stats);
    }

    /** The lowest threshold whose false alarms per entity-day stay within the budget (0.5 when the part is empty). */
    static double chooseThreshold(TribuoPrecursorModel model, Map<String, List<ScoredRow>> rows, Incidents incidents, Config cfg) {
        Map<String, Instant[]> ts = new TreeMap<>();
        Map<String, double[]> ps = new TreeMap<>();
        List<Double> all = new ArrayList<>();
        for (Map.Entry<String, List<ScoredRow>> e : rows.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            ts.put(e.getKey(), e.getValue().stream().map(ScoredRow::timestamp).toArray(Instant[]::new));
            double[] p = model.probabilities(e.getValue().stream().map(ScoredRow::features).toList());
            ps.put(e.getKey(), p);
            for (double x : p) {
                all.add(x);
            }
        }
        if (all.isEmpty()) {
            return 0.5;
        }
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        EventEvaluator ev = new EventEvaluator(incidents, cfg.span(), cfg.horizon());
        double best = clampThreshold(sorted[sorted.length - 1] + 1e-6);
        // candidates from the 50th to the 99.99th percentile, lowest first; stop at the first within budget
        for (int k = 0; k <= 400; k++) {
            double q = 0.5 + 0.4999 * k / 400.0;
            double t = sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
            if (!(t > 0 && t < 1)) {
                continue;
            }
            EventReport r = ev.evaluate(EventEvaluator.threshold(ts, ps, t));
            if (r.falseAlarmsPerEntityDay() <= cfg.falseAlarmsPerDay()) {
                best = t;
                break;
            }
        }
        return clampThreshold(best);
    }

    /** Thresholds stay inside (0, 1) so that a manifest can always hold them. */
    static double clampThreshold(double t) {
        return Math.min(0.9999, Math.max(1e-4, t));
    }

    private record Example(ScoredRow row, boolean positive) {
    }
}
