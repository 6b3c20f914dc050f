package io.kizashi.evaluation;

/**
 * One file's NAB result at one threshold. Row counts follow NAB's scorer (rows after the probation
 * period only); window counts say how many labelled windows were caught or missed.
 *
 * @param name            the file, relative to {@code data/} (or "total")
 * @param rows            all data rows
 * @param probationRows   leading rows NAB does not score
 * @param windows         windows with at least one row after probation (the scored ones)
 * @param windowsDetected windows with at least one detection inside
 * @param tpRows          detected rows inside windows
 * @param fpRows          detected rows outside windows
 * @param fnRows          undetected rows inside windows
 * @param tnRows          undetected rows outside windows
 * @param rawScore        NAB's raw score: sum over windows of the earliest detection's weight (or
 *                        -fnWeight if missed) plus the weighted false positives
 */
public record FileScore(String name, int rows, int probationRows, int windows, int windowsDetected,
                        int tpRows, int fpRows, int fnRows, int tnRows, double rawScore) {

    public FileScore {
        if (windowsDetected > windows || tpRows + fpRows + fnRows + tnRows + probationRows != rows) {
            throw new IllegalArgumentException("inconsistent counts for " + name);
        }
    }

    /** Windows with no detection inside. */
    public int windowsMissed() {
        return windows - windowsDetected;
    }

    /** The sum of two results (for totals). */
    FileScore plus(FileScore o, String newName) {
        return new FileScore(newName, rows + o.rows, probationRows + o.probationRows, windows + o.windows,
                windowsDetected + o.windowsDetected, tpRows + o.tpRows, fpRows + o.fpRows, fnRows + o.fnRows,
                tnRows + o.tnRows, rawScore + o.rawScore);
    }
}
