package io.kizashi.precursor.corpus;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small seeded multivariate corpus with ground truth, in the ASD layout, for tests, notebooks and demos:
 * per entity a few metrics with a daily cycle and noise; in the test split, incidents whose precursor phase
 * (a slow climb of one metric and a growing spread of another over {@code precursorBuckets}) precedes a
 * clear jump. Writes {@code train/}, {@code test/} (with a label column, 1 inside incidents) and
 * {@code labels/segments.json}.
 *
 * @param seed             root of every random draw
 * @param entities         entity count (named {@code prefix-1..n})
 * @param prefix           entity name prefix
 * @param metrics          metric column names (at least 2: the first climbs, the second gets noisier)
 * @param trainDays        days of history (no incidents)
 * @param testDays         days of test data
 * @param incidentsPerDay  mean incidents per entity and test day
 * @param precursorBuckets length of the precursor phase in buckets
 */
public record SyntheticCorpus(long seed, int entities, String prefix, List<String> metrics, int trainDays, int testDays,
                              double incidentsPerDay, int precursorBuckets) {

    public static final Duration SPAN = Duration.ofMinutes(5);
    public static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public SyntheticCorpus {
        metrics = List.copyOf(metrics);
        if (metrics.size() < 2) {
            throw new IllegalArgumentException("a synthetic corpus needs at least 2 metrics, got " + metrics);
        }
        if (entities < 1 || trainDays < 1 || testDays < 1 || precursorBuckets < 1) {
            throw new IllegalArgumentException("entities, days and precursor buckets must be positive");
        }
    }

    /** 4 entities x 3 metrics, 3 days of history, 4 test days with about 2 incidents per day, 8-bucket precursors. */
    public static SyntheticCorpus small(long seed) {
        return new SyntheticCorpus(seed, 4, "syn", List.of("latency", "errors", "cpu"), 3, 4, 2.0, 8);
    }

    /** Writes the corpus under {@code root} and returns the incidents per entity as [start, end] bucket timestamps. */
    public Map<String, List<Instant[]>> write(Path root) {
        Map<String, List<Instant[]>> truth = new LinkedHashMap<>();
        try {
            Files.createDirectories(root.resolve("train"));
            Files.createDirectories(root.resolve("test"));
            Files.createDirectories(root.resolve("labels"));
            StringBuilder seg = new StringBuilder("{\n");
            for (int e = 1; e <= entities; e++) {
                String name = prefix + "-" + e;
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + e);
                int trainRows = trainDays * 288;
                int testRows = testDays * 288;
                int[] label = new int[testRows];
                double[] climb = new double[testRows];
                double[] jump = new double[testRows];
                List<Instant[]> incs = new ArrayList<>();
                int count = (int) Math.round(incidentsPerDay * testDays);
                int slot = testRows / Math.max(1, count);
                for (int k = 0; k < count; k++) {
                    int lo = k * slot + precursorBuckets + 6;
                    int hi = (k + 1) * slot - 20;
                    if (hi <= lo) {
                        continue;
                    }
                    int start = lo + r.nextInt(hi - lo);
                    int len = 6 + r.nextInt(7);
                    for (int i = 0; i < precursorBuckets; i++) {
                        climb[start - precursorBuckets + i] = (i + 1) / (double) precursorBuckets;
                    }
                    for (int i = start; i < Math.min(testRows, start + len); i++) {
                        label[i] = 1;
                        jump[i] = 1;
                    }
                    incs.add(new Instant[] {at(trainRows + start), at(trainRows + Math.min(testRows, start + len) - 1)});
                }
                truth.put(name, incs);
                double[] level = new double[metrics.size()];
                double[] amp = new double[metrics.size()];
                for (int m = 0; m < level.length; m++) {
                    level[m] = 20 + 80 * r.nextDouble();
                    amp[m] = level[m] * (0.1 + 0.2 * r.nextDouble());
                }
                StringBuilder train = header(false);
                StringBuilder test = header(true);
                for (int i = 0; i < trainRows + testRows; i++) {
                    boolean isTest = i >= trainRows;
                    int j = i - trainRows;
                    StringBuilder sb = isTest ? test : train;
                    sb.append(TS.format(at(i)));
                    double phase = 2 * Math.PI * (i % 288) / 288.0;
                    for (int m = 0; m < level.length; m++) {
                        double sd = level[m] * 0.03;
                        double v = level[m] + amp[m] * Math.sin(phase + m) + sd * r.nextGaussian();
                        if (isTest) {
                            if (m == 0) {
                                v += climb[j] * 5 * sd + jump[j] * 12 * sd;
                            } else if (m == 1) {
                                v += climb[j] * 3 * sd * r.nextGaussian() + jump[j] * 15 * sd;
                            }
                        }
                        sb.append(',').append(String.format(Locale.ROOT, "%.4f", v));
                    }
                    if (isTest) {
                        sb.append(',').append(label[j]);
                    }
                    sb.append('\n');
                }
                Files.writeString(root.resolve("train").resolve(name + ".csv"), train, StandardCharsets.UTF_8);
                Files.writeString(root.resolve("test").resolve(name + ".csv"), test, StandardCharsets.UTF_8);
                seg.append(e == 1 ? "" : ",\n").append("  \"test/").append(name).append(".csv\": [");
                for (int k = 0; k < incs.size(); k++) {
                    seg.append(k == 0 ? "" : ", ").append("[\"").append(TS.format(incs.get(k)[0])).append("\", \"")
                            .append(TS.format(incs.get(k)[1])).append("\"]");
                }
                seg.append(']');
            }
            seg.append("\n}\n");
            Files.writeString(root.resolve("labels/segments.json"), seg, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write synthetic corpus under " + root, ex);
        }
        return truth;
    }

    private StringBuilder header(boolean test) {
        StringBuilder sb = new StringBuilder("timestamp");
        metrics.forEach(m -> sb.append(',').append(m));
        return sb.append(test ? ",label\n" : "\n");
    }

    private static Instant at(int row) {
        return START.plus(SPAN.multipliedBy(row));
    }
}
