/**
 * Benchmarking streaming detectors on labelled corpora in the NAB layout
 * ({@code data/<group>/<name>.csv} plus {@code labels/combined_windows.json}): reading corpora,
 * the published NAB scoring (Lavin &amp; Ahmad 2015; NAB's sweeper), and a runner that streams each
 * file through a fresh {@link io.kizashi.evaluation.PointDetector}.
 *
 * <p>This package deliberately knows nothing about Kizashi's own model: a detector is anything that
 * turns one (timestamp, value) point into a {@link io.kizashi.evaluation.Verdict}.
 */
package io.kizashi.evaluation;
