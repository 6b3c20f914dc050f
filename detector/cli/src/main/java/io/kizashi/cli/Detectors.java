package io.kizashi.cli;

import io.kizashi.evaluation.PointDetector;
import io.kizashi.evaluation.reference.WindowedGaussianDetector;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The detectors {@code kizashi evaluate} can run, by name.
 *
 * <p>TEMPORARY ADAPTER POINT: {@link #defaultDetector()} is where Kizashi's own model will be plugged
 * in (an adapter from the core model to {@link PointDetector}). Until then "default" runs NAB's
 * windowed-Gaussian baseline, and every report says so.
 */
public final class Detectors {

    /** Kizashi's model (for now: the windowed-Gaussian baseline, see the class comment). */
    public static final String DEFAULT = "default";
    /** NAB's windowedGaussian baseline, a faithful port. */
    public static final String WINDOWED_GAUSSIAN = "windowed-gaussian";

    private Detectors() {
    }

    /** The names {@code --detector} accepts. */
    public static List<String> names() {
        return List.of(DEFAULT, WINDOWED_GAUSSIAN);
    }

    /**
     * The default detector: one fresh instance per call. TEMPORARY: returns the windowed-Gaussian
     * baseline until the core model's adapter replaces it.
     */
    public static Supplier<PointDetector> defaultDetector() {
        return WindowedGaussianDetector::new;
    }

    /** The supplier for a name from {@link #names()}. */
    public static Supplier<PointDetector> byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case DEFAULT -> defaultDetector();
            case WINDOWED_GAUSSIAN -> WindowedGaussianDetector::new;
            default -> throw new UserError("unknown detector '" + name + "'; use one of " + names());
        };
    }

    /** How reports name a detector, saying what "default" currently stands for. */
    public static String describe(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals(DEFAULT) ? "default (temporarily " + WINDOWED_GAUSSIAN + ", NAB's baseline)" : n;
    }
}
