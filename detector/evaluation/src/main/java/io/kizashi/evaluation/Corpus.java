package io.kizashi.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A benchmark corpus in the NAB layout: {@code data/<group>/<name>.csv} and, optionally,
 * {@code labels/combined_windows.json} (and {@code config/profiles.json}).
 *
 * @param root     the corpus directory
 * @param files    its data files, sorted by name
 * @param labelled whether a labels file was found
 * @param profiles the scoring profiles: {@code config/profiles.json} if present, else NAB's three
 * @param warnings things worth telling the user that did not stop reading (unlabelled files, unreadable rows)
 */
public record Corpus(Path root, List<CorpusFile> files, boolean labelled, List<CostProfile> profiles,
                     List<String> warnings) {

    public Corpus {
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
        profiles = List.copyOf(profiles);
        warnings = List.copyOf(warnings);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("corpus " + root + " has no data files");
        }
    }

    /** Reads a corpus directory; see {@link CorpusReader#read(Path)}. */
    public static Corpus read(Path root) {
        return CorpusReader.read(root);
    }

    /** Total number of data rows. */
    public long rows() {
        return files.stream().mapToLong(f -> f.series().size()).sum();
    }

    /** Total number of labelled windows. */
    public int windows() {
        return files.stream().mapToInt(f -> f.windows().size()).sum();
    }
}
