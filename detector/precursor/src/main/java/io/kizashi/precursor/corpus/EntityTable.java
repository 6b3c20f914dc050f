package io.kizashi.precursor.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.kizashi.precursor.labels.Incidents;

/**
 * One CSV file of a multivariate corpus: a timestamp column, one column per metric and an optional
 * {@code label} column, which is never passed to a detector.
 *
 * @param metrics    metric column names, in file order
 * @param timestamps one per row, strictly increasing
 * @param values     [row][metric]; NaN where a cell is empty
 * @param labels     the label column (0/1), or null when the file has none
 */
public record EntityTable(List<String> metrics, Instant[] timestamps, double[][] values, int[] labels) {

    public int rows() {
        return timestamps.length;
    }

    /** Reads a file; every problem names the file, line and fix. */
    public static EntityTable read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty; expected a header timestamp,<metrics...>[,label]");
            }
            String[] cols = header.strip().split(",", -1);
            if (!cols[0].strip().equalsIgnoreCase("timestamp")) {
                throw new IllegalArgumentException(file + ": the first column must be 'timestamp', got '" + cols[0] + "'");
            }
            int labelCol = -1;
            List<String> metrics = new ArrayList<>();
            List<Integer> metricCols = new ArrayList<>();
            for (int c = 1; c < cols.length; c++) {
                String name = cols[c].strip();
                if (name.toLowerCase(Locale.ROOT).equals("label")) {
                    labelCol = c;
                } else {
                    metrics.add(name);
                    metricCols.add(c);
                }
            }
            if (metrics.isEmpty()) {
                throw new IllegalArgumentException(file + " has no metric columns; expected timestamp,<metrics...>[,label]");
            }
            List<Instant> ts = new ArrayList<>();
            List<double[]> vals = new ArrayList<>();
            List<Integer> labs = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split(",", -1);
                String where = file + " line " + lineNo;
                if (c.length != cols.length) {
                    throw new IllegalArgumentException(where + " has " + c.length + " columns but the header has " + cols.length);
                }
                Instant t = Incidents.time(c[0].strip(), where);
                if (!ts.isEmpty() && !t.isAfter(ts.getLast())) {
                    throw new IllegalArgumentException(where + ": timestamp " + c[0] + " is not after the previous row; sort the file by time");
                }
                ts.add(t);
                double[] v = new double[metrics.size()];
                for (int m = 0; m < v.length; m++) {
                    String cell = c[metricCols.get(m)].strip();
                    try {
                        v[m] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + ": column " + metrics.get(m) + " value '" + cell + "' is not a number");
                    }
                }
                vals.add(v);
                if (labelCol >= 0) {
                    String cell = c[labelCol].strip();
                    labs.add(cell.isEmpty() ? 0 : (int) Double.parseDouble(cell));
                }
            }
            return new EntityTable(List.copyOf(metrics), ts.toArray(Instant[]::new), vals.toArray(double[][]::new),
                    labelCol < 0 ? null : labs.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
