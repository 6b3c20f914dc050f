package io.kizashi.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an evaluation run found: corpus size, timings and, if the corpus is labelled, NAB scores for
 * every profile twice, once with the threshold on {@code anomaly_score} optimised over the corpus
 * (NAB's published way) and once for the detector's own {@code is_anomaly} decisions.
 *
 * @param corpus         the corpus directory
 * @param detector       the detector's name (or the results directory in score-only mode)
 * @param files          data files run
 * @param scoredFiles    labelled files that were scored
 * @param rows           data rows
 * @param unreadableRows rows not passed to the detector (unreadable timestamp or value)
 * @param windows        scored windows
 * @param threads        worker threads used for detection
 * @param detectionTime  wall time of running the detectors and writing their outputs (reading the corpus excluded)
 * @param scoringTime    wall time of scoring
 * @param swept          per profile: threshold on anomaly_score optimised over the corpus (empty if unlabelled)
 * @param decided        per profile: is_anomaly scored as a 0/1 score at threshold 0.5 (empty if unlabelled or absent)
 * @param warnings       things the user should know (unlabelled files, unreadable rows, ignored windows)
 */
public record EvaluationReport(String corpus, String detector, int files, int scoredFiles, long rows,
                               long unreadableRows, int windows, int threads, Duration detectionTime,
                               Duration scoringTime, List<ProfileScore> swept, List<ProfileScore> decided,
                               List<String> warnings) {

    public EvaluationReport {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(detectionTime, "detectionTime");
        Objects.requireNonNull(scoringTime, "scoringTime");
        swept = List.copyOf(swept);
        decided = List.copyOf(decided);
        warnings = List.copyOf(warnings);
    }

    /** The swept score of one profile, by NAB name (e.g. "standard"). */
    public ProfileScore swept(String profile) {
        return find(swept, profile);
    }

    /** The decision score of one profile, by NAB name. */
    public ProfileScore decided(String profile) {
        return find(decided, profile);
    }

    private static ProfileScore find(List<ProfileScore> scores, String profile) {
        return scores.stream().filter(s -> s.profile().name().equals(profile)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no score for profile '" + profile + "'; profiles: "
                        + scores.stream().map(s -> s.profile().name()).toList()));
    }

    /** A plain-text summary table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "corpus %s: %d files, %,d rows (%d unreadable), %d scored windows; detector %s%n",
                corpus, files, rows, unreadableRows, windows, detector));
        if (swept.isEmpty()) {
            sb.append("not scored (no labels)\n");
        } else {
            sb.append(String.format(Locale.ROOT, "%-20s | %-57s | %-38s%n", "", "anomaly_score, threshold swept (NAB)",
                    "is_anomaly (own decision)"));
            sb.append(String.format(Locale.ROOT, "%-20s | %19s %9s %7s %6s %6s %5s | %9s %7s %6s %6s %5s%n", "profile",
                    "threshold", "raw", "score", "caught", "missed", "FP", "raw", "score", "caught", "missed", "FP"));
            for (ProfileScore s : swept) {
                sb.append(String.format(Locale.ROOT, "%-20s | %19s %9.3f %7.2f %6d %6d %5d |", s.profile().name(),
                        Double.toString(s.threshold()), s.rawScore(), s.normalisedScore(), s.totals().windowsDetected(),
                        s.totals().windowsMissed(), s.totals().fpRows()));
                if (decided.isEmpty()) {
                    sb.append(" (no is_anomaly column)\n");
                } else {
                    ProfileScore d = decided(s.profile().name());
                    sb.append(String.format(Locale.ROOT, " %9.3f %7.2f %6d %6d %5d%n", d.rawScore(), d.normalisedScore(),
                            d.totals().windowsDetected(), d.totals().windowsMissed(), d.totals().fpRows()));
                }
            }
            sb.append("raw scores of the null detector (= score 0): ");
            for (ProfileScore s : swept) {
                sb.append(String.format(Locale.ROOT, "%s %.1f  ", s.profile().name(), s.nullScore()));
            }
            sb.append(String.format(Locale.ROOT, "; perfect (= 100): %.1f%n", swept.getFirst().perfectScore()));
        }
        double seconds = detectionTime.toNanos() / 1e9;
        if (seconds > 0) {
            sb.append(String.format(Locale.ROOT, "detection %.2f s on %d thread(s) (%,.0f rows/s); scoring %.2f s%n",
                    seconds, threads, rows / seconds, scoringTime.toNanos() / 1e9));
        } else {
            sb.append(String.format(Locale.ROOT, "scoring %.2f s%n", scoringTime.toNanos() / 1e9));
        }
        for (String w : warnings) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    /** The report as JSON (per-file results included). */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("corpus", corpus);
        root.put("detector", detector);
        root.put("files", files);
        root.put("scored_files", scoredFiles);
        root.put("rows", rows);
        root.put("unreadable_rows", unreadableRows);
        root.put("windows", windows);
        root.put("threads", threads);
        root.put("detection_seconds", detectionTime.toNanos() / 1e9);
        root.put("scoring_seconds", scoringTime.toNanos() / 1e9);
        root.set("swept", profiles(mapper, swept));
        root.set("decided", profiles(mapper, decided));
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write report JSON", e);
        }
    }

    private static ArrayNode profiles(ObjectMapper mapper, List<ProfileScore> scores) {
        ArrayNode a = mapper.createArrayNode();
        for (ProfileScore s : scores) {
            ObjectNode o = a.addObject();
            o.put("profile", s.profile().name());
            o.put("threshold", s.threshold());
            o.put("raw_score", s.rawScore());
            o.put("null_score", s.nullScore());
            o.put("perfect_score", s.perfectScore());
            o.put("score", s.normalisedScore());
            o.set("totals", file(mapper, s.totals()));
            ArrayNode files = o.putArray("files");
            s.files().forEach(f -> files.add(file(mapper, f)));
        }
        return a;
    }

    private static ObjectNode file(ObjectMapper mapper, FileScore f) {
        ObjectNode o = mapper.createObjectNode();
        o.put("file", f.name());
        o.put("raw_score", f.rawScore());
        o.put("windows", f.windows());
        o.put("windows_detected", f.windowsDetected());
        o.put("tp_rows", f.tpRows());
        o.put("fp_rows", f.fpRows());
        o.put("fn_rows", f.fnRows());
        o.put("tn_rows", f.tnRows());
        o.put("probation_rows", f.probationRows());
        o.put("rows", f.rows());
        return o;
    }
}
