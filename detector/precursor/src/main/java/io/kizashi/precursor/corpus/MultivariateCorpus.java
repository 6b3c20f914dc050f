package io.kizashi.precursor.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A corpus laid out like {@code ../shared/asd/multivariate}: {@code train/<entity>.csv} (history, no labels)
 * and {@code test/<entity>.csv} (the rows to score, with a {@code label} column that scoring ignores).
 */
public record MultivariateCorpus(Path root, List<String> entities) {

    /** Lists the entities that have both a train and a test file, in natural order (omi-2 before omi-10). */
    public static MultivariateCorpus open(Path root) {
        Path train = root.resolve("train");
        Path test = root.resolve("test");
        if (!Files.isDirectory(test)) {
            throw new IllegalArgumentException("corpus " + root + " has no test/ folder; expected train/<entity>.csv and test/<entity>.csv");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(test)) {
            s.filter(p -> p.getFileName().toString().endsWith(".csv")).forEach(p -> {
                String n = p.getFileName().toString();
                names.add(n.substring(0, n.length() - 4));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + test, e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("corpus " + root + " has no test/<entity>.csv files");
        }
        for (String n : names) {
            if (Files.isDirectory(train) && !Files.exists(train.resolve(n + ".csv"))) {
                throw new IllegalArgumentException("corpus " + root + " has test/" + n + ".csv but no train/" + n + ".csv");
            }
        }
        names.sort(NATURAL);
        return new MultivariateCorpus(root, List.copyOf(names));
    }

    /** The history of an entity, or null when the corpus has no train/ file for it. */
    public EntityTable train(String entity) {
        Path p = root.resolve("train").resolve(entity + ".csv");
        return Files.exists(p) ? EntityTable.read(p) : null;
    }

    public EntityTable test(String entity) {
        return EntityTable.read(root.resolve("test").resolve(entity + ".csv"));
    }

    /** Orders names by their text with digit runs compared as numbers. */
    public static final Comparator<String> NATURAL = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int i2 = i;
                while (i2 < a.length() && Character.isDigit(a.charAt(i2))) {
                    i2++;
                }
                int j2 = j;
                while (j2 < b.length() && Character.isDigit(b.charAt(j2))) {
                    j2++;
                }
                int c = new java.math.BigInteger(a.substring(i, i2)).compareTo(new java.math.BigInteger(b.substring(j, j2)));
                if (c != 0) {
                    return c;
                }
                i = i2;
                j = j2;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
}
