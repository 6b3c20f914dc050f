package io.kizashi.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Streams every file of a corpus through a fresh detector, writes {@code OUT/<group>/<name>.csv}
 * ({@code timestamp,value,anomaly_score,is_anomaly} and, for labelled files, {@code label} = 1 on
 * rows inside a window) with one row per input row in input order, then scores the labelled files
 * with {@link NabScorer}.
 *
 * <p>Unreadable rows (timestamp or value that does not parse, empty, NaN, infinite) are not passed
 * to the detector: their output row repeats the input text and gets anomaly score 0 and is_anomaly 0,
 * and they are counted in the report. Files run in parallel, one detector per file; the outputs and
 * scores do not depend on the number of threads.
 */
public final class EvaluationRunner {

    /** Where {@link #run} writes the JSON report, inside the output directory. */
    public static final String REPORT_FILE = "scores.json";

    private final String detectorName;
    private final Supplier<? extends PointDetector> detectors;
    private final int threads;

    /**
     * @param detectorName a name for reports
     * @param detectors    makes one fresh detector per file (called from worker threads, one call at a time)
     * @param threads      worker threads, at least 1
     */
    public EvaluationRunner(String detectorName, Supplier<? extends PointDetector> detectors, int threads) {
        this.detectorName = Objects.requireNonNull(detectorName, "detectorName");
        this.detectors = Objects.requireNonNull(detectors, "detectors");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
        }
        this.threads = threads;
    }

    /** Runs the corpus, writes one output file per data file plus {@value #REPORT_FILE}, and scores. */
    public EvaluationReport run(Corpus corpus, Path outDir) {
        long start = System.nanoTime();
        List<CorpusFile> files = corpus.files();
        Output[] outputs = new Output[files.size()];
        // Longest files first, so that the last file to finish is a short one.
        List<Integer> schedule = IntStream.range(0, files.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> files.get(i).series().size()).reversed().thenComparing(i -> i))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kizashi-evaluation");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : schedule) {
                futures.add(pool.submit(() -> {
                    outputs[i] = detect(files.get(i), outDir);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Duration detection = Duration.ofNanos(System.nanoTime() - start);
        EvaluationReport report = score(corpus, detectorName, outputs, threads, detection);
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(REPORT_FILE), report.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve(REPORT_FILE), e);
        }
        return report;
    }

    /**
     * Scores results written elsewhere: for every labelled data file {@code data/<group>/<name>.csv},
     * reads {@code resultsDir/<group>/<name>.csv} (or NAB's {@code resultsDir/<group>/<detector>_<name>.csv})
     * with an {@code anomaly_score} column and optionally {@code is_anomaly}, one row per data row.
     */
    public static EvaluationReport scoreResults(Corpus corpus, Path resultsDir) {
        if (!Files.isDirectory(resultsDir)) {
            throw new CorpusFormatException("results directory " + resultsDir + " does not exist; pass the folder "
                    + "that holds <group>/<name>.csv files with an anomaly_score column (the --out of an earlier run)");
        }
        if (!corpus.labelled()) {
            throw new CorpusFormatException("corpus " + corpus.root() + " has no " + CorpusReader.WINDOWS_FILE
                    + ", so there is nothing to score against; add the labels file");
        }
        List<CorpusFile> files = corpus.files();
        Output[] outputs = new Output[files.size()];
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).labelled()) {
                outputs[i] = ResultsReader.read(resultsDir, files.get(i));
            }
        }
        return score(corpus, resultsDir.toString(), outputs, 1, Duration.ZERO);
    }

    private static EvaluationReport score(Corpus corpus, String detector, Output[] outputs, int threads,
                                          Duration detection) {
        long start = System.nanoTime();
        List<CorpusFile> files = corpus.files();
        List<ScoringInput> swept = new ArrayList<>();
        List<ScoringInput> decided = new ArrayList<>();
        boolean allDecided = true;
        for (int i = 0; i < files.size(); i++) {
            CorpusFile f = files.get(i);
            if (!f.labelled()) {
                continue;
            }
            swept.add(ScoringInput.of(f, outputs[i].scores()));
            if (outputs[i].decisions() == null) {
                allDecided = false;
            } else {
                decided.add(ScoringInput.of(f, outputs[i].decisions()));
            }
        }
        List<String> warnings = new ArrayList<>(corpus.warnings());
        List<ProfileScore> sweptScores = new ArrayList<>();
        List<ProfileScore> decidedScores = new ArrayList<>();
        int windows = 0;
        if (!swept.isEmpty()) {
            NabScorer scorer = new NabScorer(swept);
            windows = scorer.windows();
            if (windows < corpus.windows()) {
                warnings.add((corpus.windows() - windows) + " window(s) lie wholly inside the probation period "
                        + "(first 15 % of a file, at most 750 rows) and are not scored");
            }
            for (CostProfile p : corpus.profiles()) {
                sweptScores.add(scorer.optimised(p));
            }
            if (allDecided) {
                NabScorer decisions = new NabScorer(decided);
                for (CostProfile p : corpus.profiles()) {
                    decidedScores.add(decisions.atThreshold(p, 0.5));
                }
            } else {
                warnings.add("some results have no is_anomaly column: only anomaly_score is scored");
            }
        }
        long unreadable = files.stream().mapToLong(f -> f.series().unreadableRows()).sum();
        return new EvaluationReport(corpus.root().toString(), detector, files.size(), swept.size(), corpus.rows(),
                unreadable, windows, threads, detection, Duration.ofNanos(System.nanoTime() - start), sweptScores,
                decidedScores, warnings);
    }

    private Output detect(CorpusFile file, Path outDir) {
        PointDetector detector;
        synchronized (detectors) {
            detector = detectors.get();
        }
        if (detector == null) {
            throw new IllegalStateException("the detector supplier returned null for " + file.name());
        }
        Series s = file.series();
        int n = s.size();
        double[] scores = new double[n];
        double[] decisions = new double[n];
        boolean[] label = file.labelled() ? windowRows(file) : null;
        Path out = outDir.resolve(file.name());
        try {
            Files.createDirectories(out.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                w.write(label == null ? "timestamp,value,anomaly_score,is_anomaly\n"
                        : "timestamp,value,anomaly_score,is_anomaly,label\n");
                for (int i = 0; i < n; i++) {
                    Verdict v = Verdict.NORMAL;
                    if (s.readable(i)) {
                        try {
                            v = detector.observe(s.timestamp(i), s.value(i));
                        } catch (RuntimeException e) {
                            throw new IllegalStateException("detector " + detectorName + " failed on data/" + file.name()
                                    + " row " + (i + 1) + " (" + s.timestampText(i) + ", " + s.valueText(i) + "): " + e, e);
                        }
                        if (v == null) {
                            throw new IllegalStateException("detector " + detectorName + " returned no verdict on data/"
                                    + file.name() + " row " + (i + 1));
                        }
                    }
                    scores[i] = v.anomalyScore();
                    decisions[i] = v.isAnomaly() ? 1.0 : 0.0;
                    w.write(Csv.field(s.timestampText(i)));
                    w.write(',');
                    w.write(Csv.field(s.valueText(i)));
                    w.write(',');
                    w.write(Double.toString(v.anomalyScore()));
                    w.write(v.isAnomaly() ? ",1" : ",0");
                    if (label != null) {
                        w.write(label[i] ? ",1" : ",0");
                    }
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + "; check that --out is writable", e);
        }
        return new Output(scores, decisions);
    }

    /** Rows inside a window, by position: from the first row at the window's start to the first at its end. */
    static boolean[] windowRows(CorpusFile file) {
        Series s = file.series();
        boolean[] in = new boolean[s.size()];
        for (Window w : file.windows()) {
            int first = -1;
            for (int i = 0; i < s.size(); i++) {
                if (first < 0 && w.start().equals(s.timestamp(i))) {
                    first = i;
                }
                if (first >= 0) {
                    in[i] = true;
                    if (w.end().equals(s.timestamp(i))) {
                        break;
                    }
                }
            }
        }
        return in;
    }

    /** A detector's per-row output; {@code decisions} is null when results carry no is_anomaly column. */
    record Output(double[] scores, double[] decisions) {
    }
}
