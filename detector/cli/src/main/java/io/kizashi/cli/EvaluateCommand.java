package io.kizashi.cli;

import io.kizashi.evaluation.Corpus;
import io.kizashi.evaluation.CorpusFormatException;
import io.kizashi.evaluation.EvaluationReport;
import io.kizashi.evaluation.EvaluationRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kizashi evaluate}: runs a detector over a labelled corpus in the NAB layout and scores it the NAB way. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
        "Runs a detector over every series of a benchmark corpus in the NAB layout and scores it with NAB's",
        "scoring (three profiles; threshold on anomaly_score swept over the corpus; is_anomaly scored as is).",
        "Corpus layout: DIR/data/<group>/<name>.csv (timestamp,value) and DIR/labels/combined_windows.json.",
        "Examples:",
        "  kizashi evaluate --corpus ../shared/nab --out target/nab-results",
        "  kizashi evaluate --score-only --corpus ../shared/nab --results target/nab-results",
        "With --multivariate: a corpus of train/<entity>.csv and test/<entity>.csv (timestamp, metric columns, an",
        "ignored label column) is streamed train then test through the detector and a precursor bundle; writes",
        "OUT/<entity>.csv (timestamp,anomaly_score,precursor_probability,is_alert) for the test rows:",
        "  kizashi evaluate --multivariate --corpus ../shared/asd/multivariate --out target/asd --model models/asd-precursor/v1"})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "DIR",
            description = "Corpus folder holding data/ and labels/combined_windows.json (e.g. a NAB checkout).")
    Path corpus;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write <group>/<name>.csv (timestamp,value,anomaly_score,is_anomaly,label) and scores.json.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Files run in parallel (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--detector", paramLabel = "NAME", defaultValue = Detectors.DEFAULT,
            description = "default (Kizashi's model) or windowed-gaussian (NAB's baseline). Default: ${DEFAULT-VALUE}.")
    String detector;

    @Option(names = "--score-only", description = "Do not run a detector: score the results in --results.")
    boolean scoreOnly;

    @Option(names = "--results", paramLabel = "DIR",
            description = "With --score-only: folder of <group>/<name>.csv files with an anomaly_score column "
                    + "(and optionally is_anomaly), one row per data row; NAB's <detector>_<name>.csv naming also works.")
    Path results;

    @Option(names = "--multivariate", description = "Evaluate a multivariate corpus (train/ and test/ CSV per entity) with a precursor bundle.")
    boolean multivariate;

    @Option(names = "--model", paramLabel = "BUNDLE",
            description = "With --multivariate: a model bundle folder (models/<name>/<version>). Default: the newest models/asd-precursor version.")
    Path model;

    @Override
    public Integer call() {
        if (multivariate) {
            return MultivariateEvaluate.run(this);
        }
        if (model != null) {
            throw new UserError("--model is only used with --multivariate");
        }
        if (scoreOnly && results == null) {
            throw new UserError("--score-only needs --results DIR: the folder with the <group>/<name>.csv results to score");
        }
        if (!scoreOnly && results != null) {
            throw new UserError("--results is only used with --score-only; to run a detector, give --out DIR instead");
        }
        if (!scoreOnly && out == null) {
            throw new UserError("--out DIR is required: the folder where the per-file results and scores.json are written");
        }
        if (out != null && out.toAbsolutePath().normalize().startsWith(corpus.toAbsolutePath().normalize().resolve("data"))) {
            throw new UserError("--out " + out + " lies inside the corpus's data/ folder, where results would be read as data "
                    + "next time; choose a folder outside " + corpus.resolve("data"));
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new UserError("--threads must be at least 1 but was " + n);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            Corpus c = Corpus.read(corpus);
            EvaluationReport report = scoreOnly
                    ? EvaluationRunner.scoreResults(c, results)
                    : new EvaluationRunner(Detectors.describe(detector), Detectors.byName(detector), n).run(c, out);
            stdout.print(report.table());
            if (!scoreOnly) {
                stdout.println("results in " + out + " (per file) and " + out.resolve(EvaluationRunner.REPORT_FILE));
            }
            stdout.flush();
            return 0;
        } catch (CorpusFormatException e) {
            throw new UserError(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage() + ": " + e.getCause().getMessage()
                    + "; check that the folders exist and are readable/writable", e);
        }
    }
}
