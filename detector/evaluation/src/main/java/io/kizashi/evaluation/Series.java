package io.kizashi.evaluation;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * One data file of a corpus, row by row in file order (which is the order NAB scores in, even where
 * timestamps repeat or step back). A row whose timestamp or value could not be read keeps its place
 * with a {@code null} timestamp or a NaN value, so outputs stay aligned with the input.
 */
public final class Series {

    private final String name;
    private final String[] timestampTexts;
    private final Instant[] timestamps;
    private final String[] valueTexts;
    private final double[] values;
    private final int unreadableRows;
    private final String firstProblem;

    /**
     * @param name           the file's path relative to {@code data/}, with '/' separators
     * @param timestampTexts timestamps as written in the file
     * @param timestamps     parsed timestamps, {@code null} where unreadable
     * @param valueTexts     values as written in the file
     * @param values         parsed values, NaN where unreadable or not finite
     * @param firstProblem   a description of the first unreadable row, or {@code null}
     */
    Series(String name, String[] timestampTexts, Instant[] timestamps, String[] valueTexts, double[] values,
           String firstProblem) {
        this.name = Objects.requireNonNull(name, "name");
        int n = timestamps.length;
        if (timestampTexts.length != n || valueTexts.length != n || values.length != n) {
            throw new IllegalArgumentException("columns of " + name + " differ in length");
        }
        this.timestampTexts = timestampTexts;
        this.timestamps = timestamps;
        this.valueTexts = valueTexts;
        this.values = values;
        int bad = 0;
        for (int i = 0; i < n; i++) {
            if (!readable(i)) {
                bad++;
            }
        }
        this.unreadableRows = bad;
        this.firstProblem = firstProblem;
    }

    /** Builds an in-memory series (tests, generated data); every row must be readable. */
    public static Series of(String name, List<Instant> timestamps, double[] values) {
        int n = timestamps.size();
        if (values.length != n) {
            throw new IllegalArgumentException(name + ": " + n + " timestamps but " + values.length + " values");
        }
        String[] tt = new String[n];
        String[] vt = new String[n];
        Instant[] ts = new Instant[n];
        for (int i = 0; i < n; i++) {
            ts[i] = Objects.requireNonNull(timestamps.get(i), "timestamp " + i);
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + ": value " + i + " is " + values[i] + "; use finite values");
            }
            tt[i] = ts[i].toString();
            vt[i] = Double.toString(values[i]);
        }
        return new Series(name, tt, ts, vt, values.clone(), null);
    }

    /** The file's path relative to the corpus's {@code data/} folder, e.g. {@code realTraffic/speed_t4013.csv}. */
    public String name() {
        return name;
    }

    /** Number of data rows (the header and blank lines not counted). */
    public int size() {
        return timestamps.length;
    }

    /** The row's timestamp, or {@code null} if it could not be read. */
    public Instant timestamp(int row) {
        return timestamps[row];
    }

    /** The row's timestamp exactly as written in the file. */
    public String timestampText(int row) {
        return timestampTexts[row];
    }

    /** The row's value, NaN if it could not be read or was not finite. */
    public double value(int row) {
        return values[row];
    }

    /** The row's value exactly as written in the file. */
    public String valueText(int row) {
        return valueTexts[row];
    }

    /** Whether both timestamp and value of the row were read (only such rows reach a detector). */
    public boolean readable(int row) {
        return timestamps[row] != null && Double.isFinite(values[row]);
    }

    /** Number of rows that are not {@link #readable(int)}. */
    public int unreadableRows() {
        return unreadableRows;
    }

    /** What was wrong with the first unreadable row (line number and text), or {@code null} if none. */
    public String firstProblem() {
        return firstProblem;
    }

    /** All timestamps in row order, {@code null} where unreadable (an unmodifiable view). */
    public List<Instant> timestamps() {
        return new AbstractList<>() {
            @Override
            public Instant get(int index) {
                return timestamps[index];
            }

            @Override
            public int size() {
                return timestamps.length;
            }
        };
    }
}
