package io.kizashi.cli;

import io.kizashi.evaluation.KizashiDetector;
import io.kizashi.evaluation.PointDetector;
import io.kizashi.evaluation.reference.WindowedGaussianDetector;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The detectors {@code kizashi evaluate} can run, by name: Kizashi's own model with its one global
 * default configuration, and NAB's windowed-Gaussian baseline for reference.
 */
public final class Detectors {

    /** Kizashi's series model with the global default configuration. */
    public static final String DEFAULT = "default";
    /** NAB's windowedGaussian baseline, a faithful port. */
    public static final String WINDOWED_GAUSSIAN = "windowed-gaussian";

    private Detectors() {
    }

    /** The names {@code --detector} accepts. */
    public static List<String> names() {
        return List.of(DEFAULT, WINDOWED_GAUSSIAN);
    }

    /** The default detector: one fresh Kizashi model per call. */
    public static Supplier<PointDetector> defaultDetector() {
        return KizashiDetector::new;
    }

    /** The supplier for a name from {@link #names()}. */
    public static Supplier<PointDetector> byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case DEFAULT -> defaultDetector();
            case WINDOWED_GAUSSIAN -> WindowedGaussianDetector::new;
            default -> throw new UserError("unknown detector '" + name + "'; use one of " + names());
        };
    }

    /** How reports name a detector. */
    public static String describe(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(DEFAULT) ? "default (kizashi series model, global defaults)" : n;
    }
}
