package io.kizashi.precursor.train;

import io.kizashi.core.model.SeriesModel;
import io.kizashi.precursor.corpus.MultivariateCorpus;
import io.kizashi.precursor.corpus.ScoredRow;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.labels.Incidents;
import io.kizashi.precursor.model.BundleWriter;
import io.kizashi.precursor.model.ModelBundle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kizashi train} and notebook (2): score a multivariate corpus, train on one side of a split, evaluate
 * on the other against the univariate scores, and write a bundle with provenance, figures, golden outputs
 * and a model card. Deterministic for a given corpus, labels, split, trainer spec and seed.
 */
public final class TrainPipeline {

    /**
     * @param corpus            corpus folder (train/, test/)
     * @param labels            incidents file (CSV, JSON list or segments.json)
     * @param split             train/eval entities and optional time split (the eval entities are ignored with an eval corpus)
     * @param evalCorpus        another corpus to evaluate on (all its entities), or null to evaluate on {@code corpus}
     * @param evalLabels        incidents of the eval corpus (required with it)
     * @param trainer           classifier and parameters
     * @param horizon           target horizon in buckets
     * @param falseAlarmsPerDay false-alarm budget that sets the default threshold
     * @param models            the models/ folder
     * @param name              bundle name
     * @param version           bundle version (a new folder; never overwritten)
     * @param threads           entities scored in parallel (results do not depend on it)
     */
    public record Request(Path corpus, Path labels, CorpusTraining.Split split, Path evalCorpus, Path evalLabels, TrainerSpec trainer, int horizon,
                          double falseAlarmsPerDay, Path models, String name, String version, int threads) {
        public Request {
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(split, "split");
            Objects.requireNonNull(trainer, "trainer");
            Objects.requireNonNull(models, "models");
            if (evalCorpus != null && evalLabels == null) {
                throw new IllegalArgumentException("an eval corpus needs its incidents file too");
            }
            if (evalCorpus != null && split.timeSplit() != null) {
                throw new IllegalArgumentException("a time split and an eval corpus cannot be combined; use one or the other");
            }
        }
    }

    /** The written bundle and the run that produced it. */
    public record Result(ModelBundle bundle, CorpusTraining.Outcome outcome) {
    }

    private TrainPipeline() {
    }

    /**
     * Runs the pipeline.
     *
     * @param provenance extra provenance from the caller (command line, git revision, creation time)
     */
    public static Result run(Request req, Map<String, Object> provenance) {
        MultivariateCorpus corpus = MultivariateCorpus.open(req.corpus());
        Incidents incidents = Incidents.read(req.labels());
        FeatureSchema schema = FeatureSchema.metricAgnostic();
        CorpusTraining.Outcome o;
        PrecursorTraining.Config cfg;
        if (req.evalCorpus() == null) {
            List<String> entities = new ArrayList<>(req.split().trainEntities());
            req.split().evalEntities().stream().filter(e -> !entities.contains(e)).forEach(entities::add);
            Map<String, List<ScoredRow>> rows = CorpusTraining.score(corpus, entities, schema, req.threads());
            cfg = new PrecursorTraining.Config(req.trainer(), req.horizon(), CorpusTraining.span(rows), 0.3, req.falseAlarmsPerDay(), 50);
            o = CorpusTraining.run(rows, incidents, schema, req.split(), cfg);
        } else {
            MultivariateCorpus evalCorpus = MultivariateCorpus.open(req.evalCorpus());
            Map<String, List<ScoredRow>> train = CorpusTraining.score(corpus, req.split().trainEntities(), schema, req.threads());
            Map<String, List<ScoredRow>> eval = CorpusTraining.score(evalCorpus, evalCorpus.entities(), schema, req.threads());
            cfg = new PrecursorTraining.Config(req.trainer(), req.horizon(), CorpusTraining.span(train), 0.3, req.falseAlarmsPerDay(), 50);
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("train_corpus", req.corpus().toString());
            split.put("train_entities", req.split().trainEntities());
            split.put("eval_corpus", req.evalCorpus().toString());
            split.put("eval_entities", evalCorpus.entities());
            o = CorpusTraining.fitAndEvaluate(train, incidents.only(req.split().trainEntities()), eval,
                    Incidents.read(req.evalLabels()), split, "none", schema, cfg);
        }
        Duration span = cfg.span();

        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("corpus", req.corpus().toString());
        prov.put("labels", req.labels().toString());
        prov.put("train_entities", req.split().trainEntities());
        prov.put("eval_entities", req.evalCorpus() == null ? req.split().evalEntities() : o.evalRows().keySet().stream().toList());
        if (req.evalCorpus() != null) {
            prov.put("eval_corpus", req.evalCorpus().toString());
            prov.put("eval_labels", req.evalLabels().toString());
        }
        prov.put("time_split", req.split().timeSplit() == null ? "none" : req.split().timeSplit());
        prov.put("data", o.trained().stats().get("data_from") + " .. " + o.trained().stats().get("data_to")
                + " (test rows of the training entities; their train/ rows only warm up the detector)");
        prov.put("split_stats", o.trained().stats());
        prov.put("trainer", req.trainer().describe());
        prov.put("seed", req.trainer().seed());
        prov.putAll(cfg.describe());
        prov.put("detector", "kizashi-core SeriesModel, ModelConfig.defaults(), one model per metric (state version "
                + SeriesModel.STATE_VERSION + ")");
        prov.put("tribuo_version", org.tribuo.Tribuo.VERSION);
        prov.put("jdk", System.getProperty("java.vendor") + " " + Runtime.version());
        prov.put("os_arch", System.getProperty("os.arch"));
        prov.putAll(provenance);

        List<double[]> golden = goldenVectors(o.evalRows(), 24);
        String card = ModelCard.render(req.name() + "/" + req.version(), prov, o.evaluation(), req.horizon(), span.toString(),
                o.trained().threshold(), schema.size());
        ModelBundle b = BundleWriter.write(req.models(), req.name(), req.version(), o.trained().model(), req.horizon(), span,
                o.trained().threshold(), prov, o.evaluation(), golden, card);
        return new Result(b, o);
    }

    /** A spread of held-out vectors: evenly spaced rows plus the rows with the largest univariate scores. */
    static List<double[]> goldenVectors(Map<String, List<ScoredRow>> rows, int n) {
        List<ScoredRow> all = rows.values().stream().flatMap(List::stream).toList();
        List<double[]> out = new ArrayList<>();
        if (all.isEmpty()) {
            return out;
        }
        for (int i = 0; i < n / 2; i++) {
            out.add(all.get((int) ((long) i * all.size() / (n / 2))).features());
        }
        all.stream().sorted((a, b) -> Double.compare(b.anomalyScore(), a.anomalyScore())).limit(n - n / 2)
                .forEach(r -> out.add(r.features()));
        return out;
    }

    /** Creation time for provenance, supplied by the caller (the library never reads the clock). */
    public static Map<String, Object> created(Instant at) {
        return Map.of("created", at.toString());
    }
}
