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
        "Examples (the shipped models):",
        "  kizashi train --corpus ../shared/asd/multivariate --train-entities omi-1..6 --eval-entities omi-7..12 \\",
        "                --name asd-precursor --version v1",
        "  kizashi train --simulated-seed 11 --eval-simulated-seed 7 --name mdm-precursor --version v1"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "DIR", description = "Corpus folder with train/ and test/ CSV files per entity.")
    Path corpus;

    @Option(names = "--eval-corpus", paramLabel = "DIR", description = "Evaluate on every entity of this other corpus instead.")
    Path evalCorpus;

    @Option(names = "--eval-labels", paramLabel = "FILE", description = "Incidents of --eval-corpus. Default: EVAL_CORPUS/labels/segments.json.")
    Path evalLabels;

    @Option(names = "--simulated-seed", paramLabel = "SEED",
            description = "Instead of --corpus: train on the simulated platform (as `kizashi simulate-metrics --seed SEED --days 6`).")
    Long simulatedSeed;

    @Option(names = "--eval-simulated-seed", paramLabel = "SEED",
            description = "Instead of --eval-corpus: evaluate on the simulated platform (as `kizashi simulate-metrics --seed SEED --days 5`).")
    Long evalSimulatedSeed;

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

    @Option(names = "--false-alarms-per-day", defaultValue = "0.5", paramLabel = "N",
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
        if ((corpus == null) == (simulatedSeed == null)) {
            throw new UserError("give exactly one of --corpus DIR and --simulated-seed SEED");
        }
        if (evalCorpus != null && evalSimulatedSeed != null) {
            throw new UserError("give at most one of --eval-corpus DIR and --eval-simulated-seed SEED");
        }
        // simulated corpora live under <checkout>/work/simulated/ (git-ignored), at paths the provenance can name
        Path work = Path.of(System.getProperty("kizashi.home", System.getProperty("user.dir"))).resolve("work/simulated");
        if (simulatedSeed != null) {
            corpus = simulate(simulatedSeed, 6, work.resolve("seed-" + simulatedSeed + "-6d"));
        }
        if (evalSimulatedSeed != null) {
            evalCorpus = simulate(evalSimulatedSeed, 5, work.resolve("seed-" + evalSimulatedSeed + "-5d"));
        }
        return train();
    }

    /** Writes (or rewrites) a simulated corpus: the simulator is deterministic, so the same seed gives the same files. */
    private static Path simulate(long seed, int days, Path dir) {
        if (Files.exists(dir)) {
            deleteQuietly(dir);
        }
        Instant from = Instant.parse("2025-03-03T00:00:00Z");
        io.kizashi.simulator.SimulationConfig cfg = io.kizashi.simulator.SimulationConfig.defaults(seed, from).withIncidentsPerDay(3);
        SimulatedMetrics.write(new io.kizashi.simulator.LogGenerator(cfg), from, from.plus(java.time.Duration.ofDays(2)),
                from.plus(java.time.Duration.ofDays(days)), java.time.Duration.ofMinutes(5), dir);
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UserError("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }

    private Integer train() {
        if (!Files.isDirectory(corpus)) {
            throw new UserError("corpus directory " + corpus + " does not exist; give a folder with train/ and test/ CSV files");
        }
        Path labelFile = labels != null ? labels : corpus.resolve("labels/segments.json");
        if (!Files.isRegularFile(labelFile)) {
            throw new UserError("labels file " + labelFile + " does not exist; give --labels FILE (CSV entity,start,end or segments.json)");
        }
        Path evalLabelFile = null;
        if (evalCorpus != null) {
            if (!Files.isDirectory(evalCorpus)) {
                throw new UserError("eval corpus directory " + evalCorpus + " does not exist");
            }
            evalLabelFile = evalLabels != null ? evalLabels : evalCorpus.resolve("labels/segments.json");
            if (!Files.isRegularFile(evalLabelFile)) {
                throw new UserError("labels file " + evalLabelFile + " of the eval corpus does not exist; give --eval-labels FILE");
            }
            if (evalEntities != null || timeSplit != null) {
                throw new UserError("--eval-entities and --time-split select held-out data within --corpus; with an eval corpus, drop them");
            }
        } else if (evalEntities == null && timeSplit == null) {
            throw new UserError("give --eval-entities LIST, --time-split SHARE or an eval corpus: a model is always evaluated on data it was not trained on");
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
            List<String> eval = evalEntities != null ? CorpusTraining.entities(evalEntities) : timeSplit != null ? train : List.of();
            TrainerSpec ts = new TrainerSpec(trainer, trees, depth, eta, epochs, seed);
            TrainPipeline.Request req = new TrainPipeline.Request(corpus, labelFile, new CorpusTraining.Split(train, eval, timeSplit),
                    evalCorpus, evalLabelFile, ts,
                    horizon, falseAlarmsPerDay, modelsDir, name, version, n);
            Map<String, Object> prov = new LinkedHashMap<>(TrainPipeline.created(Instant.now()));
            prov.put("command", commandLine());
            prov.put("git_revision", gitRevision(home));
            if (simulatedSeed != null) {
                prov.put("corpus_source", "simulated platform, seed " + simulatedSeed + ": kizashi simulate-metrics --seed " + simulatedSeed
                        + " --days 6 --history-days 2 --incidents-per-day 3 --rate 4 --bucket 5m");
            }
            if (evalSimulatedSeed != null) {
                prov.put("eval_corpus_source", "simulated platform, seed " + evalSimulatedSeed + ": kizashi simulate-metrics --seed "
                        + evalSimulatedSeed + " --days 5 --history-days 2 --incidents-per-day 3 --rate 4 --bucket 5m");
            }
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
