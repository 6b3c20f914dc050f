package io.kizashi.evaluation;

import java.util.List;
import java.util.Objects;

/**
 * A data file with its labelled windows.
 *
 * @param series   the rows
 * @param windows  the file's windows in time order, checked against its rows (empty if unlabelled)
 * @param labelled whether the labels file has an entry for this file; unlabelled files are run but
 *                 not scored (as in NAB)
 */
public record CorpusFile(Series series, List<Window> windows, boolean labelled) {

    public CorpusFile {
        Objects.requireNonNull(series, "series");
        windows = List.copyOf(windows);
        if (!labelled && !windows.isEmpty()) {
            throw new IllegalArgumentException(series.name() + " has windows but is marked unlabelled");
        }
    }

    /** The file's path relative to {@code data/}, e.g. {@code realKnownCause/nyc_taxi.csv}. */
    public String name() {
        return series.name();
    }
}
