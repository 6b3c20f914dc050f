package io.kizashi.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring (Lavin &amp; Ahmad 2015; NAB v1.x {@code sweeper.py},
 * {@code optimizer.py} and {@code runner.normalize}), implemented from the published algorithm:
 *
 * <ul>
 *   <li>The first {@code min(floor(0.15 n), 750)} rows of each file are a probation period and are
 *       not scored at all (neither as detections nor as misses).</li>
 *   <li>Inside a window of width {@code w} rows ending at row {@code r}, a detection at row {@code i}
 *       is worth {@code tpWeight · S(-(r - i + 1)/w) / S(-1)}, where {@code S(x) = 2/(1 + e^{5x}) - 1}
 *       (the scaled sigmoid, -1 beyond 3): exactly tpWeight at the left edge, about 0 at the right
 *       edge. Only the window's best (earliest) detection counts; a window without one costs -fnWeight.</li>
 *   <li>A detection outside windows costs {@code fpWeight · S(|i - r'| / (w' - 1))}, {@code r'} and
 *       {@code w'} being the last row and width of the closest window before it, or the full
 *       -fpWeight if no window precedes it: false positives just after a window are cheap.</li>
 *   <li>A row is a detection when its anomaly score is {@code >=} the threshold. One threshold per
 *       profile is chosen for the whole corpus by sweeping every distinct score (plus 1.1, "never")
 *       and keeping the highest raw score; ties go to the higher threshold.</li>
 *   <li>Normalised score = {@code 100 (raw - null) / (perfect - null)}, with {@code null} the raw score
 *       of the constant-0.5 detector (its own threshold optimised the same way) and {@code perfect} =
 *       windows × tpWeight.</li>
 * </ul>
 *
 * <p>Two choices where NAB's code is silent or would fail: windows are walked in time order (NAB takes
 * the label file's order, which is always sorted in NAB), and a window lying wholly inside the
 * probation period is left out of both the raw score and the window count used for {@code perfect}
 * (NAB's labeller never produces one; NAB's normaliser would still count it, capping the best possible
 * score below 100). A false positive after a one-row window is treated as far from it (NAB divides by zero).
 *
 * <p>Scores depend only on the inputs and their order, never on threads or timing.
 */
public final class NabScorer {

    /** Share of each file's rows NAB leaves unscored at its start. */
    public static final double PROBATION_FRACTION = 0.15;
    /** NAB caps the probation period at 15 % of 5000 rows. */
    public static final int PROBATION_CAP_ROWS = 750;
    /** The threshold NAB reports when the best choice is to never alarm (it sweeps from 1.1 down). */
    public static final double NEVER = 1.1;

    private static final double MAX_TP = scaledSigmoid(-1.0);

    private final List<ScoringInput> inputs;
    private final FileGeometry[] geometry;
    private final int windows;
    // All scored rows of the corpus, files in input order, rows in file order.
    private final double[] pointScore;
    private final double[] pointUnweighted;
    private final int[] pointWindow;
    private final int[] byScoreDescending;
    private final java.util.Map<CostProfile, Double> nullScores = new java.util.concurrent.ConcurrentHashMap<>();

    /** Prepares scoring of a corpus given as one input per labelled file. */
    public NabScorer(List<ScoringInput> inputs) {
        this.inputs = List.copyOf(inputs);
        this.geometry = new FileGeometry[this.inputs.size()];
        int windowBase = 0;
        int points = 0;
        for (int f = 0; f < geometry.length; f++) {
            geometry[f] = FileGeometry.of(this.inputs.get(f), windowBase);
            windowBase += geometry[f].scoredWindows;
            points += this.inputs.get(f).rows() - geometry[f].probation;
        }
        this.windows = windowBase;
        pointScore = new double[points];
        pointUnweighted = new double[points];
        pointWindow = new int[points];
        int p = 0;
        for (int f = 0; f < geometry.length; f++) {
            FileGeometry g = geometry[f];
            ScoringInput in = this.inputs.get(f);
            for (int i = g.probation; i < in.rows(); i++, p++) {
                pointScore[p] = in.anomalyScore(i);
                pointUnweighted[p] = g.unweighted[i];
                pointWindow[p] = g.windowOf[i] < 0 ? -1 : g.globalWindow[g.windowOf[i]];
            }
        }
        Integer[] order = new Integer[points];
        for (int i = 0; i < points; i++) {
            order[i] = i;
        }
        // Stable, highest score first: the order in which NAB's sweep turns rows into detections.
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> pointScore[i]).reversed());
        byScoreDescending = new int[points];
        for (int i = 0; i < points; i++) {
            byScoreDescending[i] = order[i];
        }
    }

    /** NAB's probation period of a file with {@code rows} rows: {@code min(floor(0.15 rows), 750)}. */
    public static int probationRows(int rows) {
        return (int) Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_FRACTION * 5000);
    }

    /**
     * NAB's scaled sigmoid of a relative position: {@code 2 / (1 + e^{5x}) - 1}, or -1 beyond 3.
     * -1 is a window's left edge (0.9866), 0 its right edge (0), positive values lie after it.
     */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2.0 * (1.0 / (1.0 + Math.exp(5.0 * relativePosition))) - 1.0;
    }

    /** Number of scored windows in the corpus (the {@code W} of the normalisation). */
    public int windows() {
        return windows;
    }

    /** The score with the threshold that maximises the corpus's raw score (NAB's optimiser). */
    public ProfileScore optimised(CostProfile profile) {
        double[] best = sweep(profile, pointScore, byScoreDescending);
        return result(profile, best[0], best[1]);
    }

    /** The score with a fixed threshold: rows with anomaly score {@code >= threshold} are detections. */
    public ProfileScore atThreshold(CostProfile profile, double threshold) {
        return result(profile, threshold, Double.NaN);
    }

    /** The raw score of NAB's null detector (constant 0.5) with its threshold optimised. */
    public double nullScore(CostProfile profile) {
        return nullScores.computeIfAbsent(profile, this::computeNullScore);
    }

    private double computeNullScore(CostProfile profile) {
        double[] half = new double[pointScore.length];
        Arrays.fill(half, 0.5);
        int[] identity = new int[half.length];
        Arrays.setAll(identity, i -> i);
        return sweep(profile, half, identity)[1];
    }

    private ProfileScore result(CostProfile profile, double threshold, double sweptRaw) {
        List<FileScore> files = new ArrayList<>(inputs.size());
        FileScore totals = new FileScore("total", 0, 0, 0, 0, 0, 0, 0, 0, 0.0);
        for (int f = 0; f < geometry.length; f++) {
            FileScore fs = fileScore(profile, inputs.get(f), geometry[f], threshold);
            files.add(fs);
            totals = totals.plus(fs, "total");
        }
        double raw = Double.isNaN(sweptRaw) ? totals.rawScore() : sweptRaw;
        double nul = nullScore(profile);
        double perfect = windows * profile.tpWeight();
        double normalised = windows == 0 ? Double.NaN : 100.0 * (raw - nul) / (perfect - nul);
        return new ProfileScore(profile, threshold, raw, nul, perfect, normalised, totals, files);
    }

    private static double weighted(CostProfile profile, double unweighted, boolean inWindow) {
        return inWindow ? unweighted * profile.tpWeight() / MAX_TP : unweighted * profile.fpWeight();
    }

    /**
     * NAB's threshold sweep: returns {threshold, raw score} of the best threshold. Rows are taken in
     * {@code order} (descending score); the score is recorded each time the score value changes.
     */
    private double[] sweep(CostProfile profile, double[] scores, int[] order) {
        double[] parts = new double[windows];
        Arrays.fill(parts, -profile.fnWeight());
        double fp = 0.0;
        double current = NEVER;
        double bestThreshold = NEVER;
        double bestScore = total(fp, parts);
        for (int k : order) {
            double s = scores[k];
            if (s != current) {
                double score = total(fp, parts);
                if (score > bestScore) {
                    bestScore = score;
                    bestThreshold = current;
                }
                current = s;
            }
            int w = pointWindow[k];
            if (w < 0) {
                fp += weighted(profile, pointUnweighted[k], false);
            } else {
                parts[w] = Math.max(parts[w], weighted(profile, pointUnweighted[k], true));
            }
        }
        double score = total(fp, parts);
        if (score > bestScore) {
            bestScore = score;
            bestThreshold = current;
        }
        return new double[] {bestThreshold, bestScore};
    }

    private static double total(double fp, double[] parts) {
        double sum = fp;
        for (double p : parts) {
            sum += p;
        }
        return sum;
    }

    private static FileScore fileScore(CostProfile profile, ScoringInput in, FileGeometry g, double threshold) {
        double[] parts = new double[g.scoredWindows];
        Arrays.fill(parts, -profile.fnWeight());
        boolean[] hit = new boolean[g.scoredWindows];
        double fp = 0.0;
        int tp = 0;
        int fpRows = 0;
        int fn = 0;
        int tn = 0;
        for (int i = g.probation; i < in.rows(); i++) {
            boolean detected = in.anomalyScore(i) >= threshold;
            int local = g.windowOf[i];
            if (local >= 0) {
                int w = g.globalWindow[local] - g.windowBase;
                if (detected) {
                    tp++;
                    hit[w] = true;
                    parts[w] = Math.max(parts[w], weighted(profile, g.unweighted[i], true));
                } else {
                    fn++;
                }
            } else if (detected) {
                fpRows++;
                fp += weighted(profile, g.unweighted[i], false);
            } else {
                tn++;
            }
        }
        int detectedWindows = 0;
        for (boolean h : hit) {
            detectedWindows += h ? 1 : 0;
        }
        return new FileScore(in.name(), in.rows(), g.probation, g.scoredWindows, detectedWindows, tp, fpRows, fn, tn,
                total(fp, parts));
    }

    /** Per-row position of a file's rows relative to its windows, as NAB's sweeper walks them. */
    static final class FileGeometry {
        final int probation;
        /** Local window index of each row, -1 outside windows. */
        final int[] windowOf;
        /** Unweighted sweep value: S(position) inside a window, S(distance past the last window) or -1 outside. */
        final double[] unweighted;
        /** Global index of each local window, -1 if it lies wholly inside probation. */
        final int[] globalWindow;
        final int scoredWindows;
        final int windowBase;

        private FileGeometry(int probation, int[] windowOf, double[] unweighted, int[] globalWindow, int scoredWindows,
                             int windowBase) {
            this.probation = probation;
            this.windowOf = windowOf;
            this.unweighted = unweighted;
            this.globalWindow = globalWindow;
            this.scoredWindows = scoredWindows;
            this.windowBase = windowBase;
        }

        static FileGeometry of(ScoringInput in, int windowBase) {
            List<Instant> ts = in.timestamps();
            List<Window> ws = in.windows();
            int n = in.rows();
            int[] windowOf = new int[n];
            double[] unweighted = new double[n];
            int next = 0;
            int cur = -1;
            int curRight = -1;
            double curWidth = 0;
            int prevRight = -1;
            double prevWidth = 0;
            for (int i = 0; i < n; i++) {
                Instant t = ts.get(i);
                if (next < ws.size() && ws.get(next).start().equals(t)) {
                    cur = next++;
                    curRight = firstRow(ts, ws.get(cur).end());
                    int left = firstRow(ts, ws.get(cur).start());
                    if (curRight < left) {
                        throw new IllegalArgumentException(in.name() + ": window " + ws.get(cur)
                                + " does not match the rows (its end is missing or precedes its start)");
                    }
                    curWidth = curRight - left + 1;
                }
                if (cur >= 0) {
                    windowOf[i] = cur;
                    unweighted[i] = scaledSigmoid(-(curRight - i + 1) / curWidth);
                } else {
                    windowOf[i] = -1;
                    unweighted[i] = prevRight < 0 ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
                }
                if (cur >= 0 && ws.get(cur).end().equals(t)) {
                    prevRight = i;
                    prevWidth = curWidth;
                    cur = -1;
                }
            }
            if (next < ws.size()) {
                throw new IllegalArgumentException(in.name() + ": window " + ws.get(next)
                        + " starts at no row (or windows are not in time order); windows must start at a row's timestamp");
            }
            int probation = probationRows(n);
            int[] globalWindow = new int[ws.size()];
            Arrays.fill(globalWindow, -1);
            int scored = 0;
            for (int i = probation; i < n; i++) {
                int w = windowOf[i];
                if (w >= 0 && globalWindow[w] < 0) {
                    globalWindow[w] = windowBase + scored++;
                }
            }
            return new FileGeometry(probation, windowOf, unweighted, globalWindow, scored, windowBase);
        }

        private static int firstRow(List<Instant> ts, Instant t) {
            for (int i = 0; i < ts.size(); i++) {
                if (t.equals(ts.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }
}
