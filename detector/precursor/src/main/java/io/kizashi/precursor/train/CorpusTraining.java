package io.kizashi.precursor.train;

import io.kizashi.precursor.corpus.EntityRunner;
import io.kizashi.precursor.corpus.MultivariateCorpus;
import io.kizashi.precursor.corpus.ScoredRow;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.labels.Incidents;
import io.kizashi.precursor.model.PrecursorModel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole offline pipeline on a multivariate corpus: stream every entity through the core and the
 * feature extractor, split by entity and/or time, train on one side, evaluate on the other against the
 * univariate scores alone. Used by {@code kizashi train} and by the notebooks.
 */
public final class CorpusTraining {

    /** Univariate baseline: an alert when any metric's score reaches the core's default alert score (40 of 100). */
    public static final double UNIVARIATE_THRESHOLD = 0.4;

    /**
     * @param trainEntities entities to train on
     * @param evalEntities  entities to evaluate on (may overlap trainEntities when a time split is given)
     * @param timeSplit     share of the time range before which rows train and after which rows evaluate, or null (no time cut)
     */
    public record Split(List<String> trainEntities, List<String> evalEntities, Double timeSplit) {
        public Split {
            trainEntities = List.copyOf(trainEntities);
            evalEntities = List.copyOf(evalEntities);
            if (trainEntities.isEmpty()) {
                throw new IllegalArgumentException("no training entities");
            }
            if (timeSplit == null) {
                List<String> both = new ArrayList<>(trainEntities);
                both.retainAll(evalEntities);
                if (!both.isEmpty()) {
                    throw new IllegalArgumentException("entities " + both + " are in both the training and the evaluation set without a "
                            + "time split; that would evaluate on training data - use --time-split or disjoint entity lists");
                }
            } else if (!(timeSplit > 0 && timeSplit < 1)) {
                throw new IllegalArgumentException("time split must be in (0, 1), got " + timeSplit);
            }
        }

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("train_entities", trainEntities);
            m.put("eval_entities", evalEntities);
            m.put("time_split", timeSplit == null ? "none" : timeSplit);
            return m;
        }
    }

    /** Everything one run produced. */
    public record Outcome(PrecursorTraining.Trained trained, EventReport precursor, EventReport univariate,
                          Map<String, List<ScoredRow>> trainRows, Map<String, List<ScoredRow>> evalRows, Duration span,
                          Map<String, Object> evaluation) {
    }

    private CorpusTraining() {
    }

    /** Streams the entities through the core and the features, in parallel; deterministic whatever the thread count. */
    public static Map<String, List<ScoredRow>> score(MultivariateCorpus corpus, List<String> entities, FeatureSchema schema, int threads) {
        for (String e : entities) {
            if (!corpus.entities().contains(e)) {
                throw new IllegalArgumentException("entity '" + e + "' is not in corpus " + corpus.root() + " (it has " + corpus.entities() + ")");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Map<String, Future<List<ScoredRow>>> fs = new LinkedHashMap<>();
            for (String e : entities) {
                fs.put(e, pool.submit(() -> EntityRunner.runEntity(corpus, e, schema)));
            }
            Map<String, List<ScoredRow>> out = new TreeMap<>(MultivariateCorpus.NATURAL);
            for (Map.Entry<String, Future<List<ScoredRow>>> f : fs.entrySet()) {
                out.put(f.getKey(), f.getValue().get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring the corpus", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The median spacing of the rows (the bucket span). */
    public static Duration span(Map<String, List<ScoredRow>> rows) {
        List<Long> d = new ArrayList<>();
        for (List<ScoredRow> l : rows.values()) {
            for (int i = 1; i < Math.min(l.size(), 200); i++) {
                d.add(Duration.between(l.get(i - 1).timestamp(), l.get(i).timestamp()).toSeconds());
            }
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("too few rows to infer the bucket span");
        }
        d.sort(null);
        return Duration.ofSeconds(d.get(d.size() / 2));
    }

    /** Trains on one side of the split and evaluates on the other. */
    public static Outcome run(Map<String, List<ScoredRow>> all, Incidents incidents, FeatureSchema schema, Split split,
                              PrecursorTraining.Config config) {
        Objects.requireNonNull(all, "all");
        Instant cut = null;
        if (split.timeSplit() != null) {
            Instant min = all.values().stream().flatMap(List::stream).map(ScoredRow::timestamp).min(Instant::compareTo).orElseThrow();
            Instant max = all.values().stream().flatMap(List::stream).map(ScoredRow::timestamp).max(Instant::compareTo).orElseThrow();
            cut = min.plusSeconds(Math.round(Duration.between(min, max).toSeconds() * split.timeSplit()));
        }
        Map<String, List<ScoredRow>> train = new TreeMap<>(MultivariateCorpus.NATURAL);
        Map<String, List<ScoredRow>> eval = new TreeMap<>(MultivariateCorpus.NATURAL);
        for (String e : split.trainEntities()) {
            Instant c = cut;
            train.put(e, c == null ? all.get(e) : all.get(e).stream().filter(r -> r.timestamp().isBefore(c)).toList());
        }
        for (String e : split.evalEntities()) {
            Instant c = cut;
            eval.put(e, c == null ? all.get(e) : all.get(e).stream().filter(r -> !r.timestamp().isBefore(c)).toList());
        }
        return fitAndEvaluate(train, incidents.only(split.trainEntities()), eval, incidents.only(split.evalEntities()),
                split.describe(), cut == null ? "none" : cut.toString(), schema, config);
    }

    /**
     * Trains on {@code train} and evaluates on {@code eval} (e.g. another corpus): the figures of the precursor at
     * its own threshold, of the univariate scores at the core's alert score, each at the other's false-alarm
     * rate, and of the two together.
     */
    public static Outcome fitAndEvaluate(Map<String, List<ScoredRow>> train, Incidents trainIncidents, Map<String, List<ScoredRow>> eval,
                                         Incidents evalIncidents, Map<String, Object> splitDescription, String cut, FeatureSchema schema,
                                         PrecursorTraining.Config config) {
        PrecursorTraining.Trained trained = PrecursorTraining.train(train, trainIncidents, schema, config);
        EventEvaluator ev = new EventEvaluator(evalIncidents, config.span(), config.horizon());
        EventReport pre = ev.evaluate(alerts(eval, trained.model(), trained.threshold()));
        EventReport uni = ev.evaluate(univariateAlerts(eval, UNIVARIATE_THRESHOLD));

        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("split", splitDescription);
        evaluation.put("cut", cut);
        evaluation.put("threshold", trained.threshold());
        evaluation.put("precursor", pre.toMap());
        evaluation.put("univariate_max_score_at_0.4", uni.toMap());
        // the univariate scores at a threshold giving no more false alarms than the precursor (a like-for-like view)
        double matched = matchedUnivariateThreshold(eval, ev, pre.falseAlarmsPerEntityDay());
        evaluation.put("univariate_matched_threshold", matched);
        evaluation.put("univariate_at_matched_false_alarms", ev.evaluate(univariateAlerts(eval, matched)).toMap());
        // and the other way round: the precursor at the univariate alerts' false-alarm rate
        Map<String, double[]> probs = new TreeMap<>(MultivariateCorpus.NATURAL);
        eval.forEach((e, l) -> probs.put(e, trained.model().probabilities(l.stream().map(ScoredRow::features).toList())));
        double preMatched = matchedThreshold(eval, probs, ev, uni.falseAlarmsPerEntityDay());
        evaluation.put("precursor_matched_threshold", preMatched);
        evaluation.put("precursor_at_univariate_false_alarms", ev.evaluate(alerts(eval, probs, preMatched, null)).toMap());
        // the two together: the precursor alert added to the anomaly alerts
        evaluation.put("univariate_or_precursor", ev.evaluate(alerts(eval, probs, trained.threshold(), UNIVARIATE_THRESHOLD)).toMap());
        return new Outcome(trained, pre, uni, train, eval, config.span(), evaluation);
    }

    /** Alerts of a precursor model at a threshold. */
    public static List<EventEvaluator.EntityAlerts> alerts(Map<String, List<ScoredRow>> rows, PrecursorModel model, double threshold) {
        List<EventEvaluator.EntityAlerts> out = new ArrayList<>();
        rows.forEach((e, l) -> {
            double[] p = model.probabilities(l.stream().map(ScoredRow::features).toList());
            boolean[] a = new boolean[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = p[i] >= threshold;
            }
            out.add(new EventEvaluator.EntityAlerts(e, l.stream().map(ScoredRow::timestamp).toArray(Instant[]::new), a));
        });
        return out;
    }

    /** Alerts from precomputed probabilities at a threshold, optionally OR-ed with univariate alerts at another. */
    static List<EventEvaluator.EntityAlerts> alerts(Map<String, List<ScoredRow>> rows, Map<String, double[]> probs, double threshold,
                                                    Double univariate) {
        List<EventEvaluator.EntityAlerts> out = new ArrayList<>();
        rows.forEach((e, l) -> {
            double[] p = probs.get(e);
            boolean[] a = new boolean[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = p[i] >= threshold || (univariate != null && l.get(i).anomalyScore() >= univariate);
            }
            out.add(new EventEvaluator.EntityAlerts(e, l.stream().map(ScoredRow::timestamp).toArray(Instant[]::new), a));
        });
        return out;
    }

    /** The lowest probability threshold (over the values seen) whose false alarms per entity-day do not exceed {@code budget}. */
    static double matchedThreshold(Map<String, List<ScoredRow>> rows, Map<String, double[]> probs, EventEvaluator ev, double budget) {
        double[] all = probs.values().stream().flatMapToDouble(java.util.Arrays::stream).sorted().toArray();
        for (int k = 0; k <= 400; k++) {
            double t = all[Math.min(all.length - 1, (int) Math.floor((0.5 + 0.4999 * k / 400.0) * all.length))];
            if (ev.evaluate(alerts(rows, probs, t, null)).falseAlarmsPerEntityDay() <= budget) {
                return t;
            }
        }
        return all[all.length - 1];
    }

    /** Alerts of the univariate scores alone: the largest metric score of the bucket at or above a threshold. */
    public static List<EventEvaluator.EntityAlerts> univariateAlerts(Map<String, List<ScoredRow>> rows, double threshold) {
        List<EventEvaluator.EntityAlerts> out = new ArrayList<>();
        rows.forEach((e, l) -> {
            boolean[] a = new boolean[l.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = l.get(i).anomalyScore() >= threshold;
            }
            out.add(new EventEvaluator.EntityAlerts(e, l.stream().map(ScoredRow::timestamp).toArray(Instant[]::new), a));
        });
        return out;
    }

    /** The lowest univariate threshold (steps of 0.01) whose false alarms per entity-day do not exceed {@code budget}. */
    static double matchedUnivariateThreshold(Map<String, List<ScoredRow>> rows, EventEvaluator ev, double budget) {
        for (int k = 1; k <= 100; k++) {
            double t = k / 100.0;
            if (ev.evaluate(univariateAlerts(rows, t)).falseAlarmsPerEntityDay() <= budget) {
                return t;
            }
        }
        return 1.0;
    }

    /** Parses "omi-1,omi-2" or ranges "omi-1..6" into entity names. */
    public static List<String> entities(String spec) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int dots = p.indexOf("..");
            if (dots > 0) {
                String left = p.substring(0, dots);
                int i = left.length();
                while (i > 0 && Character.isDigit(left.charAt(i - 1))) {
                    i--;
                }
                if (i == left.length()) {
                    throw new IllegalArgumentException("entity range '" + p + "' must look like omi-1..6");
                }
                String prefix = left.substring(0, i);
                int from = Integer.parseInt(left.substring(i));
                int to = Integer.parseInt(p.substring(dots + 2).replace(prefix, ""));
                for (int k = from; k <= to; k++) {
                    out.add(prefix + k);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("entity list '" + spec + "' is empty");
        }
        return out;
    }

}
