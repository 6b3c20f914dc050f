package io.kizashi.cli;

import io.kizashi.precursor.corpus.MultivariateCorpus;
import io.kizashi.precursor.model.BundleException;
import io.kizashi.precursor.train.CorpusTraining;
import io.kizashi.precursor.train.TrainPipeline;
import io.kizashi.precursor.train.TrainerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code kizashi train}: trains a precursor model on a multivariate corpus and writes a versioned bundle under models/. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
        "Trains a precursor model (\"this entity looks the way entities look shortly before an incident\") on a",
        "multivariate corpus (train/<entity>.csv, test/<entity>.csv) and its incidents, evaluates it on held-out",
        "entities and/or a later time range against the univariate anomaly scores, and writes",
        "MODELS/<name>/<version>/ (model, schema, provenance, figures, model card, checksums).",
        "Example (the shipped model):",
        "  kizashi train --corpus ../shared/asd/multivariate --train-entities omi-1..6 --eval-entities omi-7..12 \\",
        "                --name asd-precursor --version v1"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "Corpus folder with train/ and test/ CSV files per entity.")
    Path corpus;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Incidents: CSV entity,start,end[,id], a JSON list, or segments.json. Default: CORPUS/labels/segments.json.")
    Path labels;

    @Option(names = "--train-entities", paramLabel = "LIST", description = "Entities to train on, e.g. omi-1..6 or a,b,c. Default: all.")
    String trainEntities;

    @Option(names = "--eval-entities", paramLabel = "LIST", description = "Held-out entities to evaluate on. Default: none (needs --time-split).")
    String evalEntities;

    @Option(names = "--time-split", paramLabel = "SHARE",
            description = "Train on rows before this share of the time range, evaluate on the rows after it (e.g. 0.6).")
    Double timeSplit;

    @Option(names = "--trainer", paramLabel = "KIND", defaultValue = TrainerSpec.LOGISTIC,
            description = "logistic (logistic regression, Tribuo SGD) or xgboost (gradient-boosted trees). Default: ${DEFAULT-VALUE}.")
    String trainer;

    @Option(names = "--trees", defaultValue = "60", description = "xgboost: boosting rounds. Default: ${DEFAULT-VALUE}.")
    int trees;

    @Option(names = "--depth", defaultValue = "2", description = "xgboost: tree depth. Default: ${DEFAULT-VALUE}.")
    int depth;

    @Option(names = "--eta", defaultValue = "0.1", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double eta;

    @Option(names = "--epochs", defaultValue = "10", description = "logistic: passes over the data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the trainer. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--horizon", defaultValue = "6", paramLabel = "BUCKETS",
            description = "Target: an incident starts within this many buckets. Default: ${DEFAULT-VALUE} (30 min at 5-minute buckets).")
    int horizon;

    @Option(names = "--false-alarms-per-day", defaultValue = "1.0", paramLabel = "N",
            description = "False alarms per entity-day allowed when choosing the default threshold. Default: ${DEFAULT-VALUE}.")
    double falseAlarmsPerDay;

    @Option(names = "--models", paramLabel = "DIR", description = "The models folder. Default: <checkout>/models.")
    Path models;

    @Option(names = "--name", defaultValue = "asd-precursor", description = "Bundle name. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--version", paramLabel = "V", required = true, description = "Bundle version, a new folder (e.g. v2); never overwritten.")
    String version;

    @Option(names = "--threads", paramLabel = "N", description = "Entities scored in parallel (default: all cores). Results do not depend on it.")
    Integer threads;

    @Override
    public Integer call() {
        if (!Files.isDirectory(corpus)) {
            throw new UserError("corpus directory " + corpus + " does not exist; give a folder with train/ and test/ CSV files");
        }
        Path labelFile = labels != null ? labels : corpus.resolve("labels/segments.json");
        if (!Files.isRegularFile(labelFile)) {
            throw new UserError("labels file " + labelFile + " does not exist; give --labels FILE (CSV entity,start,end or segments.json)");
        }
        if (evalEntities == null && timeSplit == null) {
            throw new UserError("give --eval-entities LIST and/or --time-split SHARE: a model is always evaluated on data it was not trained on");
        }
        Path home = Path.of(System.getProperty("kizashi.home", System.getProperty("user.dir")));
        Path modelsDir = models != null ? models : home.resolve("models");
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new UserError("--threads must be at least 1 but was " + n);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<String> all = MultivariateCorpus.open(corpus).entities();
            List<String> train = trainEntities == null ? all : CorpusTraining.entities(trainEntities);
            List<String> eval = evalEntities == null ? train : CorpusTraining.entities(evalEntities);
            TrainerSpec ts = new TrainerSpec(trainer, trees, depth, eta, epochs, seed);
            TrainPipeline.Request req = new TrainPipeline.Request(corpus, labelFile, new CorpusTraining.Split(train, eval, timeSplit), ts,
                    horizon, falseAlarmsPerDay, modelsDir, name, version, n);
            Map<String, Object> prov = new LinkedHashMap<>(TrainPipeline.created(Instant.now()));
            prov.put("command", commandLine());
            prov.put("git_revision", gitRevision(home));
            TrainPipeline.Result r = TrainPipeline.run(req, prov);
            out.println(r.outcome().precursor().line("precursor"));
            out.println(r.outcome().univariate().line("univariate (max score >= 0.4)"));
            out.println("threshold " + r.bundle().manifest().threshold() + "; bundle written to " + r.bundle().dir());
            out.flush();
            return 0;
        } catch (BundleException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("kizashi");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    /** The checkout's revision (with "-dirty" when files differ), or "unknown" outside a git checkout. */
    static String gitRevision(Path home) {
        try {
            Process p = new ProcessBuilder("git", "-C", home.toString(), "describe", "--always", "--dirty", "--abbrev=40")
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || s.isEmpty() || s.contains(" ")) {
                return "unknown";
            }
            return s;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
