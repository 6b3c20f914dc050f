package io.kizashi.precursor.corpus;

import io.kizashi.precursor.labels.IncidentWindow;
import io.kizashi.precursor.labels.Incidents;
import io.kizashi.precursor.model.ModelBundle;
import io.kizashi.precursor.train.CorpusTraining;
import io.kizashi.precursor.train.EventEvaluator;
import io.kizashi.precursor.train.EventReport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kizashi evaluate --multivariate}: streams each entity's train then test rows through the core,
 * the features and a bundle, and writes {@code OUT/<entity>.csv} for the test rows with
 * {@code timestamp,anomaly_score,precursor_probability,is_alert}. The label column is never read for
 * scoring; when present it is turned into incidents (runs of 1) only to report the event figures.
 */
public final class MultivariateEvaluation {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * What one run wrote and, when the corpus had labels, how the precursor and the univariate scores did.
     *
     * @param precursor  event figures of is_alert, or null without labels
     * @param univariate event figures of anomaly_score &gt;= 0.4 (the core's default alert), or null without labels
     */
    public record Result(List<String> entities, long rows, Duration span, EventReport precursor, EventReport univariate) {
    }

    private MultivariateEvaluation() {
    }

    public static Result run(MultivariateCorpus corpus, ModelBundle bundle, Path out, int threads) {
        Map<String, List<ScoredRow>> rows = CorpusTraining.score(corpus, corpus.entities(), bundle.manifest().schema(), threads);
        Map<String, double[]> probs = new TreeMap<>(MultivariateCorpus.NATURAL);
        double threshold = bundle.manifest().threshold();
        List<IncidentWindow> labelled = new ArrayList<>();
        boolean anyLabels = false;
        long n = 0;
        try {
            Files.createDirectories(out);
            for (Map.Entry<String, List<ScoredRow>> e : rows.entrySet()) {
                List<ScoredRow> l = e.getValue();
                double[] p = bundle.model().probabilities(l.stream().map(ScoredRow::features).toList());
                probs.put(e.getKey(), p);
                try (BufferedWriter w = Files.newBufferedWriter(out.resolve(e.getKey() + ".csv"), StandardCharsets.UTF_8)) {
                    w.write("timestamp,anomaly_score,precursor_probability,is_alert\n");
                    for (int i = 0; i < l.size(); i++) {
                        ScoredRow r = l.get(i);
                        w.write(TS.format(r.timestamp()) + "," + num(r.anomalyScore()) + "," + num(p[i]) + "," + (p[i] >= threshold ? 1 : 0) + "\n");
                    }
                }
                n += l.size();
                EntityTable test = corpus.test(e.getKey());
                if (test.labels() != null) {
                    anyLabels = true;
                    labelled.addAll(runs(e.getKey(), test));
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write results under " + out, ex);
        }
        Duration span = CorpusTraining.span(rows);
        if (!anyLabels) {
            return new Result(List.copyOf(rows.keySet()), n, span, null, null);
        }
        EventEvaluator ev = new EventEvaluator(new Incidents(labelled), span, bundle.manifest().horizonBuckets());
        List<EventEvaluator.EntityAlerts> pre = new ArrayList<>();
        rows.forEach((e, l) -> {
            double[] p = probs.get(e);
            boolean[] a = new boolean[p.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = p[i] >= threshold;
            }
            pre.add(new EventEvaluator.EntityAlerts(e, l.stream().map(ScoredRow::timestamp).toArray(Instant[]::new), a));
        });
        return new Result(List.copyOf(rows.keySet()), n, span, ev.evaluate(pre),
                ev.evaluate(CorpusTraining.univariateAlerts(rows, CorpusTraining.UNIVARIATE_THRESHOLD)));
    }

    /** Runs of label 1 in a test file as incidents. */
    static List<IncidentWindow> runs(String entity, EntityTable t) {
        List<IncidentWindow> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= t.rows(); i++) {
            boolean on = i < t.rows() && t.labels()[i] == 1;
            if (on && start < 0) {
                start = i;
            } else if (!on && start >= 0) {
                out.add(new IncidentWindow(entity, t.timestamps()[start], t.timestamps()[i - 1], entity + "#" + out.size()));
                start = -1;
            }
        }
        return out;
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.6f", x);
    }
}
