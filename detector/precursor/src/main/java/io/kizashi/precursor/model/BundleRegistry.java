package io.kizashi.precursor.model;

import io.kizashi.precursor.corpus.MultivariateCorpus;
import io.kizashi.precursor.features.FeatureSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The service's hot-reloadable holder of one named bundle: {@code models/<name>/<version>/}, the newest
 * version (natural order: v2 before v10) wins. {@link #reload()} verifies a new version completely before
 * swapping it in atomically; a version that fails keeps the previous bundle in place and is reported in
 * {@link Status#error()}. Readers call {@link #current()} (lock-free) once per cycle and use that bundle for
 * the whole cycle. Thread-safe.
 */
public final class BundleRegistry {

    private final Path root;
    private final String name;
    private final FeatureSchema expected;
    private final AtomicReference<ModelBundle> current = new AtomicReference<>();
    private volatile Status status;
    private String failedKey;

    /**
     * What the last {@link #reload()} found.
     *
     * @param loaded  the bundle in use after the reload, or null when none could ever be loaded
     * @param changed true when this reload swapped in another bundle
     * @param error   why the newest version was refused (the previous bundle stays), or null
     */
    public record Status(ModelBundle loaded, boolean changed, String error) {
        public Optional<String> loadedId() {
            return Optional.ofNullable(loaded).map(ModelBundle::id);
        }
    }

    /**
     * @param modelsDir the models/ folder
     * @param name      the bundle name, a folder under it
     * @param expected  the schema this build computes
     */
    public BundleRegistry(Path modelsDir, String name, FeatureSchema expected) {
        this.root = Objects.requireNonNull(modelsDir, "modelsDir");
        this.name = Objects.requireNonNull(name, "name");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.status = new Status(null, false, null);
    }

    /** The bundle in use, if any. */
    public Optional<ModelBundle> current() {
        return Optional.ofNullable(current.get());
    }

    /** The outcome of the last reload. */
    public Status status() {
        return status;
    }

    /** Version folders of the bundle, oldest first. */
    public List<String> versions() {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.exists(p.resolve(ModelBundle.MANIFEST)))
                    .map(p -> p.getFileName().toString())
                    .sorted(MultivariateCorpus.NATURAL)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Loads the newest version if it is not the one in use. Cheap when nothing changed (a folder listing
     * and one small file read), so the service may call it every cycle or on a timer.
     */
    public synchronized Status reload() {
        List<String> versions = versions();
        ModelBundle in = current.get();
        if (versions.isEmpty()) {
            status = new Status(in, false, in == null ? "no bundle under " + root.resolve(name) + "; train one with `kizashi train`" : null);
            return status;
        }
        String newest = versions.getLast();
        Path dir = root.resolve(name).resolve(newest);
        String key = newest + "@" + sumsFingerprint(dir);
        if (in != null && in.manifest().version().equals(newest) && key.equals(loadedKey)) {
            status = new Status(in, false, null);
            return status;
        }
        if (key.equals(failedKey)) {
            return status; // the same broken files as last time: keep the previous bundle and the same error
        }
        try {
            ModelBundle b = ModelBundle.load(dir, expected);
            current.set(b);
            loadedKey = key;
            failedKey = null;
            status = new Status(b, true, null);
        } catch (BundleException | IllegalArgumentException e) {
            failedKey = key;
            status = new Status(in, false, e.getMessage());
        }
        return status;
    }

    private String loadedKey;

    /** Names, sizes and modification times of the folder's files: changes whenever a file is replaced. */
    private static String sumsFingerprint(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                sb.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis()).append(';');
            }
        } catch (IOException e) {
            return "unreadable";
        }
        return sb.toString();
    }
}
