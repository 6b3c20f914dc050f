package io.kizashi.precursor.features;

import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streaming features of one entity (a service, pod or machine): call {@link #observe} once per bucket, in
 * time order, with the core's results of the entity's metrics for that bucket; it returns the bucket's
 * feature vector in {@link FeatureSchema} order. Pure: no I/O, no clock; memory is bounded by
 * {@link Windows#LONG} buckets per metric and {@link #MAX_METRICS} metrics. A feature at bucket t depends
 * only on buckets up to t.
 *
 * <p>Per metric and bucket it uses only the result's public meaning: the residual in units of the band
 * half-width ({@code (actual - expected) / ((upper - lower) / 2)}, so 1 is "at the edge of the normal
 * band"), the surprise {@code -log10(probability) / 10}, the score, the deviation kind and the change points.
 * Not thread-safe; one instance per entity.
 */
public final class EntityFeatures {

    /** Metrics tracked per entity; further metrics are ignored (an entity with more is mis-configured). */
    public static final int MAX_METRICS = 512;
    /** A metric deviates when its tail probability is below this. */
    static final double DEVIATING = 0.01;
    /** Residuals are clipped to this many band half-widths (one absurd value must not dominate a window). */
    static final double MAX_RESID = 10;
    /** Score (0..1) at or above which a metric's bucket counts as an alarm: the core's default alert score. */
    static final double ALARM_SCORE = 0.4;

    private final FeatureSchema schema;
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final Ring maxSurprise = new Ring(Windows.LONG);
    private final Ring meanSurprise = new Ring(Windows.LONG);
    private final Ring fracDeviating = new Ring(Windows.LONG);
    private final Ring fracOutside = new Ring(Windows.LONG);
    private long bucket = -1;
    private long lastAlarm = Long.MIN_VALUE;
    private Instant last;

    public EntityFeatures(FeatureSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        if (schema.version() != FeatureSchema.VERSION) {
            throw new IllegalArgumentException("this build computes feature schema version " + FeatureSchema.VERSION
                    + ", not " + schema.version());
        }
    }

    public FeatureSchema schema() {
        return schema;
    }

    /** Buckets observed so far. */
    public long buckets() {
        return bucket + 1;
    }

    /** True once the longest window is full, so every feature means what it says. */
    public boolean warm() {
        return buckets() >= Windows.LONG;
    }

    /**
     * The feature vector of one bucket.
     *
     * @param timestamp the bucket, after the previous one
     * @param byMetric  the results of this bucket per metric name; a tracked metric that is absent counts as not scored
     */
    public double[] observe(Instant timestamp, Map<String, BucketResult> byMetric) {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(byMetric, "byMetric");
        if (last != null && !timestamp.isAfter(last)) {
            throw new IllegalArgumentException("bucket " + timestamp + " is not after the previous bucket " + last
                    + "; feed buckets in time order, once each");
        }
        last = timestamp;
        bucket++;
        for (String m : byMetric.keySet()) {
            if (!tracks.containsKey(m) && tracks.size() < MAX_METRICS) {
                tracks.put(m, new Track());
            }
        }
        // current cross-metric figures
        int metrics = tracks.size();
        int scored = 0;
        int deviating = 0;
        int outside = 0;
        int high = 0;
        int low = 0;
        int sustained = 0;
        int changedNow = 0;
        int changedRecent = 0;
        double sMax = 0;
        double sSecond = 0;
        double sSum = 0;
        double scoreMax = 0;
        double absMax = 0;
        double absSum = 0;
        double absShortMax = 0;
        double absLongMax = 0;
        double absLongSum = 0;
        double slopeAbsMax = -Double.MAX_VALUE;
        double slopeAbsSum = 0;
        double slopeSignedMax = 0;
        double volMax = 0;
        double volSum = 0;
        double volRatioMax = 0;
        double runMax = 0;
        boolean alarm = false;
        for (Map.Entry<String, Track> e : tracks.entrySet()) {
            Track t = e.getValue();
            t.push(byMetric.get(e.getKey()), bucket);
            if (t.scoredNow) {
                scored++;
                double s = t.surpriseNow;
                if (s > sMax) {
                    sSecond = sMax;
                    sMax = s;
                } else if (s > sSecond) {
                    sSecond = s;
                }
                sSum += s;
                scoreMax = Math.max(scoreMax, t.scoreNow);
                alarm |= t.scoreNow >= ALARM_SCORE;
                deviating += t.probabilityNow < DEVIATING ? 1 : 0;
                double z = t.resid.latest();
                outside += Math.abs(z) > 1 ? 1 : 0;
                high += z > 1 ? 1 : 0;
                low += z < -1 ? 1 : 0;
                sustained += t.sustainedNow ? 1 : 0;
                absMax = Math.max(absMax, Math.abs(z));
                absSum += Math.abs(z);
            }
            changedNow += t.lastChange == bucket ? 1 : 0;
            changedRecent += t.lastChange > bucket - Windows.SLOPE ? 1 : 0;
            double absShort = t.resid.mean(Windows.SHORT, true);
            double absLong = t.resid.mean(Windows.LONG, true);
            double slopeAbs = t.resid.slope(Windows.SLOPE, true);
            double slopeSigned = t.resid.slope(Windows.SLOPE, false);
            double vol = t.resid.std(Windows.SLOPE);
            double volRatio = Math.min(10, t.resid.std(Windows.MID) / (t.resid.std(Windows.LONG) + 0.1));
            absShortMax = Math.max(absShortMax, absShort);
            absLongMax = Math.max(absLongMax, absLong);
            absLongSum += absLong;
            slopeAbsMax = Math.max(slopeAbsMax, slopeAbs);
            slopeAbsSum += slopeAbs;
            slopeSignedMax = Math.max(slopeSignedMax, Math.abs(slopeSigned));
            volMax = Math.max(volMax, vol);
            volSum += vol;
            volRatioMax = Math.max(volRatioMax, volRatio);
            runMax = Math.max(runMax, Math.min(1.0, t.runOutside / (double) Windows.LONG));
        }
        if (alarm) {
            lastAlarm = bucket;
        }
        double fracDev = scored == 0 ? 0 : deviating / (double) scored;
        double fracOut = scored == 0 ? 0 : outside / (double) scored;
        double meanS = scored == 0 ? 0 : sSum / scored;
        maxSurprise.push(sMax);
        meanSurprise.push(meanS);
        fracDeviating.push(fracDev);
        fracOutside.push(fracOut);

        double[] f = new double[schema.size()];
        int i = 0;
        f[i++] = sMax;
        f[i++] = sSecond;
        f[i++] = meanS;
        f[i++] = scoreMax;
        f[i++] = fracDev;
        f[i++] = fracOut;
        f[i++] = absMax / MAX_RESID;
        f[i++] = scored == 0 ? 0 : absSum / scored / MAX_RESID;
        f[i++] = scored == 0 ? 0 : high / (double) scored;
        f[i++] = scored == 0 ? 0 : low / (double) scored;
        f[i++] = scored == 0 ? 0 : sustained / (double) scored;
        f[i++] = metrics == 0 ? 0 : scored / (double) metrics;
        f[i++] = absShortMax / MAX_RESID;
        f[i++] = absLongMax / MAX_RESID;
        f[i++] = metrics == 0 ? 0 : absLongSum / metrics / MAX_RESID;
        f[i++] = clip1(metrics == 0 ? 0 : slopeAbsMax);
        f[i++] = clip1(metrics == 0 ? 0 : slopeAbsSum / metrics);
        f[i++] = clip1(slopeSignedMax);
        f[i++] = volMax / MAX_RESID;
        f[i++] = metrics == 0 ? 0 : volSum / metrics / MAX_RESID;
        f[i++] = volRatioMax / 10;
        f[i++] = runMax;
        f[i++] = maxSurprise.max(Windows.MID);
        f[i++] = maxSurprise.mean(Windows.LONG, false);
        f[i++] = meanSurprise.mean(Windows.MID, false);
        f[i++] = fracDeviating.mean(Windows.MID, false);
        f[i++] = fracDeviating.mean(Windows.LONG, false);
        f[i++] = clip1(fracDeviating.slope(Windows.SLOPE, false) * Windows.SLOPE);
        f[i++] = fracOutside.mean(Windows.MID, false);
        f[i++] = clip1(fracOutside.slope(Windows.SLOPE, false) * Windows.SLOPE);
        f[i++] = metrics == 0 ? 0 : changedNow / (double) metrics;
        f[i++] = metrics == 0 ? 0 : changedRecent / (double) metrics;
        f[i++] = lastAlarm == Long.MIN_VALUE || bucket - lastAlarm >= Windows.LONG ? 0
                : 1 - (bucket - lastAlarm) / (double) Windows.LONG;
        for (String m : schema.namedMetrics()) {
            Track t = tracks.get(m);
            if (t == null) {
                i += FeatureSchema.PER_METRIC.size();
                continue;
            }
            double z = t.resid.latest();
            f[i++] = Double.isNaN(z) ? 0 : z / MAX_RESID;
            f[i++] = t.scoredNow ? t.surpriseNow : 0;
            f[i++] = t.resid.mean(Windows.LONG, true) / MAX_RESID;
            f[i++] = clip1(t.resid.slope(Windows.SLOPE, false));
        }
        for (int k = 0; k < f.length; k++) {
            if (!Double.isFinite(f[k])) {
                f[k] = 0;
            }
        }
        return f;
    }

    /** The tracked metric names, in first-seen order. */
    public List<String> metrics() {
        return new ArrayList<>(tracks.keySet());
    }

    /** The residual of a result in units of its band half-width, clipped to +-{@value #MAX_RESID}; NaN when not scored. */
    public static double residual(BucketResult r) {
        if (r == null || !r.scored()) {
            return Double.NaN;
        }
        double half = (r.upper() - r.lower()) / 2;
        double d = r.actual() - r.expected();
        double z;
        if (half > 0 && Double.isFinite(half)) {
            z = d / half;
        } else {
            z = d == 0 ? 0 : Math.signum(d) * MAX_RESID;
        }
        return Double.isFinite(z) ? Math.max(-MAX_RESID, Math.min(MAX_RESID, z)) : Double.NaN;
    }

    /** The surprise of a result, {@code -log10(probability) / 10} clipped to [0, 1]. */
    public static double surprise(BucketResult r) {
        double p = Math.max(1e-10, r.probability());
        return Math.min(1, Math.max(0, -Math.log10(p) / 10));
    }

    private static double clip1(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    /** What is remembered of one metric. */
    private static final class Track {
        final Ring resid = new Ring(Windows.LONG);
        long lastChange = Long.MIN_VALUE;
        int runOutside;
        boolean scoredNow;
        double surpriseNow;
        double scoreNow;
        double probabilityNow;
        boolean sustainedNow;

        void push(BucketResult r, long bucket) {
            double z = residual(r);
            resid.push(z);
            scoredNow = !Double.isNaN(z);
            if (scoredNow) {
                surpriseNow = surprise(r);
                scoreNow = r.score01();
                probabilityNow = r.probability();
                sustainedNow = r.kind() == DeviationKind.SUSTAINED;
                runOutside = Math.abs(z) > 1 ? runOutside + 1 : 0;
            } else {
                surpriseNow = 0;
                scoreNow = 0;
                probabilityNow = 1;
                sustainedNow = false;
            }
            if (r != null && !r.changePoints().isEmpty()) {
                lastChange = bucket;
            }
        }
    }
}
