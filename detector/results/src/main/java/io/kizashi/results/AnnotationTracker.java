package io.kizashi.results;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.series.SeriesKey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merges the buckets of an incident of one series into one anomaly annotation with a start and an end
 * (pure; no I/O): it opens on an anomalous bucket and grows while the series deviates; a gap of up to
 * {@value #MERGE_GAP} normal buckets does not split it; after that it is closed. Every change is returned as an {@link Update} carrying the whole
 * annotation, to be written under its deterministic id (so it is updated in place).
 *
 * <p>The open annotations are the tracker's state; {@link #snapshot()} and {@link #restore} let the
 * service keep them across restarts.
 */
public final class AnnotationTracker {

    static final int MERGE_GAP = 2;
    /** An open annotation keeps growing while its series deviates this much (bucket probability below it). */
    static final double DEVIATING = 0.01;

    /** A tracked open anomaly of one series. */
    public record Open(SeriesKey series, Instant start, Instant lastAnomalous, int buckets, int quiet, double maxScore,
                       Instant peak, double peakActual, double peakExpected, String direction, String reason,
                       List<String> requestIds, String discoverUrl) {
        public Open {
            requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
        }

        Open withSamples(List<String> ids, String url) {
            return new Open(series, start, lastAnomalous, buckets, quiet, maxScore, peak, peakActual, peakExpected, direction,
                    reason, ids, url);
        }
    }

    /**
     * An annotation to (re)write.
     *
     * @param annotation the annotation as it is now
     * @param newPeak    true when this bucket became the worst of the span: sample requests from it
     * @param peak       the worst bucket so far
     */
    public record Update(Annotation annotation, boolean newPeak, Instant peak) {
    }

    private final String jobId;
    private final Map<SeriesKey, Open> open = new HashMap<>();

    public AnnotationTracker(String jobId) {
        this.jobId = jobId;
    }

    public static AnnotationTracker restore(String jobId, List<Open> state) {
        AnnotationTracker t = new AnnotationTracker(jobId);
        for (Open o : state) {
            t.open.put(o.series(), o);
        }
        return t;
    }

    public List<Open> snapshot() {
        return List.copyOf(open.values());
    }

    /**
     * Feeds one scored bucket of a series; returns the annotation to write, if any. An anomalous bucket
     * opens an annotation; it then grows while the series keeps deviating (the detector reports an
     * incident's first bucket as the anomaly and mutes the rest, but the incident lasts as long as the
     * deviation does).
     */
    public Update observe(SeriesKey series, Duration span, BucketResult r) {
        Open o = open.get(series);
        if (r.anomalous() || (o != null && r.scored() && r.probability() < DEVIATING)) {
            if (o == null) {
                o = new Open(series, r.timestamp(), r.timestamp(), 1, 0, r.score(), r.timestamp(), r.actual(), r.expected(),
                        lower(r.direction().name()), r.reason().code(), List.of(), null);
                open.put(series, o);
                return new Update(annotation(o, span, true), true, r.timestamp());
            }
            boolean peak = r.score() > o.maxScore();
            o = new Open(series, o.start(), r.timestamp(), o.buckets() + 1, 0, Math.max(o.maxScore(), r.score()),
                    peak ? r.timestamp() : o.peak(), peak ? r.actual() : o.peakActual(), peak ? r.expected() : o.peakExpected(),
                    peak ? lower(r.direction().name()) : o.direction(), peak ? r.reason().code() : o.reason(),
                    o.requestIds(), o.discoverUrl());
            open.put(series, o);
            return new Update(annotation(o, span, true), peak, o.peak());
        }
        if (o == null || !r.scored()) {
            return null;
        }
        int quiet = o.quiet() + 1;
        if (quiet > MERGE_GAP) {
            open.remove(series);
            return new Update(annotation(o, span, false), false, o.peak());
        }
        open.put(series, new Open(series, o.start(), o.lastAnomalous(), o.buckets(), quiet, o.maxScore(), o.peak(),
                o.peakActual(), o.peakExpected(), o.direction(), o.reason(), o.requestIds(), o.discoverUrl()));
        return null;
    }

    private Annotation annotation(Open o, Duration span, boolean stillOpen) {
        Instant end = o.lastAnomalous().plus(span);
        String where = o.series().splits().isEmpty() ? o.series().jobId()
                : String.join(", ", o.series().splits().values());
        String title = o.series().metric() + " " + o.direction() + " on " + where;
        String message = String.format(Locale.ROOT,
                "%s was %s (expected %s) at %s; anomalous from %s to %s (%d bucket%s); score %.0f (%s); reason %s",
                o.series().metric(), num(o.peakActual()), num(o.peakExpected()), o.peak(), o.start(), end, o.buckets(),
                o.buckets() == 1 ? "" : "s", o.maxScore(), Severity.of(o.maxScore()).code(), o.reason());
        return new Annotation("anomaly", jobId, o.series(), o.start(), end, stillOpen, o.maxScore(), title, message,
                o.direction(), o.reason(), o.peakActual(), o.peakExpected(), o.buckets(), o.requestIds(), o.discoverUrl(), List.of());
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * Remembers the sample requests of a series' open annotation (taken at its peak), so later rewrites
     * of the growing annotation keep them; returns the annotation with them.
     */
    public Annotation attachSamples(SeriesKey series, Annotation current, List<String> ids, String url) {
        Open o = open.get(series);
        if (o != null && o.start().equals(current.start())) {
            open.put(series, o.withSamples(ids, url));
        }
        return current.withSamples(ids, url);
    }

    /** Series with an open anomaly annotation (for tests and the API). */
    public List<SeriesKey> openSeries() {
        return new ArrayList<>(open.keySet());
    }
}
