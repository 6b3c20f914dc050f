package io.kizashi.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads per-row detector results produced elsewhere, matched to the corpus's data files row by row. */
final class ResultsReader {

    private ResultsReader() {
    }

    static EvaluationRunner.Output read(Path resultsDir, CorpusFile file) {
        Path path = locate(resultsDir, file.name());
        Series data = file.series();
        double[] scores = new double[data.size()];
        double[] decisions = new double[data.size()];
        boolean hasDecisions;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new CorpusFormatException(path + " is empty; it needs a header with anomaly_score and one row per data row");
            }
            List<String> header = Csv.split(headerLine);
            int tCol = Csv.column(header, "timestamp");
            int sCol = Csv.column(header, "anomaly_score");
            int dCol = Csv.column(header, "is_anomaly");
            if (sCol < 0) {
                throw new CorpusFormatException(path + " has the header '" + headerLine
                        + "' without an anomaly_score column; results need timestamp,value,anomaly_score[,is_anomaly]");
            }
            hasDecisions = dCol >= 0;
            int row = 0;
            int lineNo = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (row >= data.size()) {
                    throw new CorpusFormatException(path + " has more rows than data/" + file.name() + " (" + data.size()
                            + "); results need exactly one row per data row, in the data file's order");
                }
                List<String> f = Csv.split(line);
                if (tCol >= 0 && tCol < f.size()) {
                    checkTimestamp(path, lineNo, f.get(tCol), data, row);
                }
                scores[row] = score(path, lineNo, sCol < f.size() ? f.get(sCol) : "");
                if (hasDecisions) {
                    decisions[row] = decision(path, lineNo, dCol < f.size() ? f.get(dCol) : "");
                }
                row++;
            }
            if (row != data.size()) {
                throw new CorpusFormatException(path + " has " + row + " rows but data/" + file.name() + " has " + data.size()
                        + "; results need exactly one row per data row, in the data file's order");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return new EvaluationRunner.Output(scores, hasDecisions ? decisions : null);
    }

    /** {@code dir/<group>/<name>.csv}, else NAB's {@code dir/<group>/<detector>_<name>.csv} if exactly one matches. */
    static Path locate(Path resultsDir, String name) {
        Path direct = resultsDir.resolve(name);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        Path parent = direct.getParent();
        String suffix = "_" + direct.getFileName();
        List<Path> nab = new ArrayList<>();
        if (Files.isDirectory(parent)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> p.getFileName().toString().endsWith(suffix))) {
                ds.forEach(nab::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + parent, e);
            }
        }
        if (nab.size() == 1) {
            return nab.getFirst();
        }
        throw new CorpusFormatException("no results for data/" + name + ": expected " + direct
                + (nab.isEmpty() ? "" : " (found several candidates " + nab + ")")
                + "; write one results file per labelled data file (NAB's <detector>_<name>.csv naming also works)");
    }

    private static void checkTimestamp(Path path, int lineNo, String text, Series data, int row) {
        Instant expected = data.timestamp(row);
        if (expected == null) {
            return;
        }
        Instant got;
        try {
            got = Timestamps.parse(text);
        } catch (IllegalArgumentException e) {
            return; // an unreadable timestamp cannot be checked; rows are matched by position anyway
        }
        if (!got.equals(expected)) {
            throw new CorpusFormatException(path + " line " + lineNo + " has timestamp " + text + " but data/" + data.name()
                    + " row " + (row + 1) + " has " + data.timestampText(row)
                    + "; results need exactly one row per data row, in the data file's order");
        }
    }

    private static double score(Path path, int lineNo, String text) {
        double s = CorpusReader.parseValue(text);
        if (!(s >= 0 && s <= 1)) {
            throw new CorpusFormatException(path + " line " + lineNo + ": anomaly_score '" + text
                    + "' is not a number in [0, 1]; write 0 for rows the detector did not judge");
        }
        return s;
    }

    private static double decision(Path path, int lineNo, String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "1", "1.0", "true" -> 1.0;
            case "0", "0.0", "false" -> 0.0;
            default -> throw new CorpusFormatException(path + " line " + lineNo + ": is_anomaly '" + text
                    + "' must be 1 or 0 (true/false also accepted)");
        };
    }
}
