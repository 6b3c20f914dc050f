package io.kizashi.core.model;

import io.kizashi.core.baseline.SeasonalBaseline;
import io.kizashi.core.calendar.LocalClock;
import io.kizashi.core.change.ChangePoint;
import io.kizashi.core.change.ChangePointDetector;
import io.kizashi.core.change.ChangeType;
import io.kizashi.core.scoring.EventFilter;
import io.kizashi.core.scoring.Judge;
import io.kizashi.core.scoring.Limits;
import io.kizashi.core.scoring.StreamingQuantile;
import io.kizashi.core.state.CorruptStateException;
import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;
import io.kizashi.core.trend.Forecast;
import io.kizashi.core.trend.ForecastPoint;
import io.kizashi.core.trend.Normal;
import io.kizashi.core.trend.TrendEstimate;
import io.kizashi.core.trend.TrendTracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The streaming model of one series: call {@link #observe} once per bucket, in time order.
 *
 * <p>Forecast first, then judge: a {@link SeasonalBaseline} gives the expected value and spread, a
 * {@link Judge} turns the deviation into a calibrated probability, an {@link EventFilter} makes it a
 * sparse event score; a {@link ChangePointDetector} confirms level shifts (the baseline then follows
 * at once) and a {@link TrendTracker} estimates drifts for forecasts. No I/O, no clock, no randomness:
 * the same inputs give the same outputs, and {@link #toBytes()} / {@link #fromBytes} round-trip exactly.
 *
 * <p>Not thread-safe; one instance per series.
 */
public final class SeriesModel {

    /**
     * Version of the serialised state; older versions stay readable (see {@link #fromBytes}). 2 added the
     * calibrators' run lengths; 3 has the layout of 2 but judges differently (references follow a change of
     * rhythm, re-alarms need ten times rarer deviations), so a version-2 state continues under the new rules; 4
     * has the same layout again, with the judge's running means over other spans (a version-3 state's means
     * continue at the new rates); 5 adds the variance-change candidate (a version-4 state continues with none open)
     * and confirms level shifts on a series with a rhythm only after a period of it.
     */
    public static final int STATE_VERSION = 5;
    /** The oldest state version this build reads. */
    public static final int OLDEST_STATE_VERSION = 1;
    private static final int MAGIC = 0x4b5a534d; // "KZSM"
    private static final double DEVIATING = 0.01;
    static final double MIN_PROBABILITY = 1e-30;
    private static final int INFER_DELTAS = 9;
    /** Values the baseline learns before the judge's calibrators learn its residuals (its spread is young before). */
    static final int CALIBRATE_AFTER = 30;

    private final ModelConfig config;
    private final LocalClock clock;
    private final SeasonalBaseline baseline;
    private final Judge judge;
    private final EventFilter events;
    private final ChangePointDetector changes;
    private final StreamingQuantile width;
    private TrendTracker trend;
    private long[] deltas; // only while the bucket span is being inferred
    private int deltaCount;
    private double bucketSeconds;
    private long lastSecond;
    private long accepted;
    private int run;

    private SeriesModel(ModelConfig config, SeasonalBaseline baseline, Judge judge, EventFilter events,
                        ChangePointDetector changes, StreamingQuantile width, TrendTracker trend, long[] deltas,
                        int deltaCount, double bucketSeconds, long lastSecond, long accepted, int run) {
        this.config = config;
        this.clock = config.calendar().clock();
        this.baseline = baseline;
        this.judge = judge;
        this.events = events;
        this.changes = changes;
        this.width = width;
        this.trend = trend;
        this.deltas = deltas;
        this.deltaCount = deltaCount;
        this.bucketSeconds = bucketSeconds;
        this.lastSecond = lastSecond;
        this.accepted = accepted;
        this.run = run;
    }

    public static SeriesModel create(ModelConfig config) {
        Objects.requireNonNull(config, "config");
        SeriesModel m = new SeriesModel(config, SeasonalBaseline.create(config.valueKind() == ValueKind.COUNT),
                Judge.create(), new EventFilter(), new ChangePointDetector(), new StreamingQuantile(config.boundsCoverage(), Normal.quantile(0.5 + config.boundsCoverage() / 2)),
                null, null, 0, Double.NaN, Long.MIN_VALUE, 0, 0);
        if (config.bucketSpan() != null) {
            m.setBucketSeconds(config.bucketSpan().toSeconds());
        }
        return m;
    }

    public ModelConfig config() {
        return config;
    }

    /** Values accepted so far. */
    public long observed() {
        return accepted;
    }

    /** Bucket span in seconds (configured or inferred), NaN until known. */
    public double bucketSeconds() {
        return bucketSeconds;
    }

    /** Scores one bucket and learns from it. A refused value leaves the state untouched. */
    public BucketResult observe(Instant timestamp, double value) {
        long t = timestamp.getEpochSecond();
        if (lastSecond != Long.MIN_VALUE && t <= lastSecond) {
            return refused(timestamp, value, Reason.OUT_OF_ORDER);
        }
        if (!Double.isFinite(value)) {
            return refused(timestamp, value, Reason.NOT_FINITE);
        }
        if (Math.abs(value) > config.maxMagnitude()) {
            return refused(timestamp, value, Reason.ABSURD_MAGNITUDE);
        }
        if (!config.valueKind().contains(value)) {
            return refused(timestamp, value, Reason.OUT_OF_DOMAIN);
        }
        inferBucket(t);
        lastSecond = t;

        baseline.prepare(t, clock, value);
        double expected = baseline.expected();
        if (Double.isNaN(expected)) {
            baseline.learn(t, value);
            judge.first(value);
            accepted++;
            return new BucketResult(timestamp, value, value, value, value, 1, 0, false, Direction.NONE,
                    DeviationKind.NONE, Reason.LEARNING, ResultStatus.LEARNING, List.of());
        }
        double sigma = baseline.sigma();
        double slowSigma = baseline.slowSigma();
        double e = value - expected;
        double eSlow = value - baseline.slowExpected();
        double z = clip(e / sigma);
        double zs = clip(eSlow / slowSigma);
        // learning_buckets values are learned before the first one is judged
        boolean armed = accepted >= config.learningBuckets();

        judge.judge(value, baseline.season(), z, zs, slowSigma, armed, accepted >= CALIBRATE_AFTER);
        // p below 1e-30 carries no extra meaning, and an underflow to 0 must not become an infinite surprise
        // (the event filter would then mute the series for ever)
        double p = Limits.atLeast(judge.probability(), MIN_PROBABILITY);
        double surprise = p >= 1 ? 0 : -Math.log10(p);
        double eventSurprise = events.filter(surprise);
        double score = Limits.atMost(10 * eventSurprise, 100);
        run = p < DEVIATING ? run + 1 : 0;

        // the reported baseline (robust to incidents) and its empirical band
        double reported = baseline.reportedExpected();
        double k = width.value();
        double lower = config.valueKind().clip(reported - k * sigma);
        double upper = config.valueKind().clip(reported + k * sigma);
        double shownExpected = config.valueKind().clip(reported);
        if (armed) {
            width.update(Math.abs(value - reported) / sigma);
        }

        List<ChangePoint> found = List.of();
        long confirm = confirmationSeconds();
        // a variance change must hold for a day at least: busy hours are noisier than nights, also on a series whose
        // rhythm the baseline has not adopted yet
        ChangePoint cp = changes.observe(t, value - baseline.season(), zs, slowSigma, z, baseline.slowLevel(), sigma,
                confirm, Math.max(confirm, 86_400));
        if (cp != null && armed) {
            found = List.of(cp);
            if (cp.type() == ChangeType.LEVEL_SHIFT) {
                // a confirmed new level: the baseline moves there now instead of drifting for hours
                baseline.relevelTo(cp.after());
            }
        }
        if (trend != null) {
            double level = baseline.slowLevel();
            double season = baseline.season();
            double clipAt = 4 * slowSigma;
            trend.observe(t, Math.max(level - clipAt, Math.min(level + clipAt, value - season)));
        }
        baseline.learn(t, value);
        double switched = baseline.lastSwitchDelta();
        if (switched != 0) {
            // the deseasonalised values now sit on the new rhythm's level: the references that track them follow
            judge.rebase(switched);
            changes.rebase(switched);
            if (trend != null) {
                trend.rebase(switched);
            }
        }
        accepted++;

        if (!armed) {
            return new BucketResult(timestamp, value, shownExpected, lower, upper, 1, 0, false, Direction.NONE,
                    DeviationKind.NONE, Reason.LEARNING, ResultStatus.LEARNING, found);
        }
        Reason reason = judge.reason();
        // a deviation is sustained when it lasts (three deviating buckets in a row) or is a shift or drift by nature
        DeviationKind kind = reason == Reason.NORMAL ? DeviationKind.NONE
                : run >= 3 || reason == Reason.SUSTAINED_SHIFT || reason == Reason.SLOW_DRIFT ? DeviationKind.SUSTAINED
                : DeviationKind.SPIKE;
        return new BucketResult(timestamp, value, shownExpected, lower, upper, judge.probability(), score, score >= config.alertScore(),
                judge.direction(), kind, reason, ResultStatus.SCORED, found);
    }

    /** Records that a bucket has no value (a gap); the clock advances, nothing is learned. */
    public BucketResult missing(Instant timestamp) {
        long t = timestamp.getEpochSecond();
        if (lastSecond != Long.MIN_VALUE && t <= lastSecond) {
            return refused(timestamp, Double.NaN, Reason.OUT_OF_ORDER);
        }
        double expected = Double.NaN;
        double lower = Double.NaN;
        double upper = Double.NaN;
        if (accepted > 0) {
            baseline.prepare(t, clock);
            expected = config.valueKind().clip(baseline.reportedExpected());
            double k = width.value();
            lower = config.valueKind().clip(baseline.reportedExpected() - k * baseline.sigma());
            upper = config.valueKind().clip(baseline.reportedExpected() + k * baseline.sigma());
        }
        return new BucketResult(timestamp, Double.NaN, expected, lower, upper, 1, 0, false, Direction.NONE,
                DeviationKind.NONE, Reason.MISSING, ResultStatus.MISSING, List.of());
    }

    private BucketResult refused(Instant timestamp, double value, Reason reason) {
        return new BucketResult(timestamp, value, Double.NaN, Double.NaN, Double.NaN, 1, 0, false, Direction.NONE,
                DeviationKind.NONE, reason, ResultStatus.REJECTED, List.of());
    }

    /** The current trend, or null while there is too little history. */
    public TrendEstimate trend() {
        return trend == null ? null : trend.estimate();
    }

    /**
     * Forecasts the next {@code horizon} buckets after the last observed one.
     *
     * @param coverage nominal coverage of the intervals, in (0.5, 1)
     * @param limit    a level to report the first crossing of, or NaN
     */
    public Forecast forecast(int horizon, double coverage, double limit) {
        if (horizon < 1 || horizon > 100_000) {
            throw new IllegalArgumentException("horizon must be between 1 and 100000 buckets, got " + horizon);
        }
        if (!(coverage > 0.5 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be in (0.5, 1), got " + coverage);
        }
        if (accepted < 2 || Double.isNaN(bucketSeconds)) {
            return new Forecast(List.of(), coverage, null, limit, Optional.empty());
        }
        TrendEstimate est = trend();
        double slope = est == null ? 0 : est.forecastSlope();
        long step = (long) bucketSeconds;
        long anchor = est != null && slope != 0 ? est.asOf().getEpochSecond() : lastSecond;
        double base = est != null && slope != 0 ? est.level() : baseline.slowLevel();
        double sigma = Math.max(baseline.slowSigma(), baseline.sigma());
        if (Double.isNaN(sigma)) {
            sigma = 0;
        }
        double kz = Normal.quantile(0.5 + coverage / 2);
        double startExpected = base + slope * (lastSecond - anchor) + baseline.seasonAt(lastSecond, clock);
        List<ForecastPoint> points = new ArrayList<>(horizon);
        Instant crossing = null;
        boolean upward = !Double.isNaN(limit) && limit >= startExpected;
        for (int h = 1; h <= horizon; h++) {
            long ts = lastSecond + h * step;
            double dtFromAnchor = ts - anchor;
            double exp = base + slope * dtFromAnchor + baseline.seasonAt(ts, clock);
            double var = sigma * sigma;
            if (est != null && slope != 0) {
                double se = est.slopeStdError() * dtFromAnchor;
                var += se * se + est.residualSd() * est.residualSd() / est.blocks();
            }
            double half = kz * Math.sqrt(var);
            points.add(new ForecastPoint(Instant.ofEpochSecond(ts), config.valueKind().clip(exp),
                    config.valueKind().clip(exp - half), config.valueKind().clip(exp + half)));
            if (crossing == null && !Double.isNaN(limit) && (upward ? exp >= limit : exp <= limit)) {
                crossing = Instant.ofEpochSecond(ts);
            }
        }
        return new Forecast(points, coverage, est, limit, Optional.ofNullable(crossing));
    }

    /** Which seasonality the baseline uses now: "none", "daily" or "weekly". */
    public String seasonality() {
        return baseline.seasonality();
    }

    /**
     * How long a change must hold before it is confirmed: 24 buckets and 6 hours, and a whole period of the rhythm in
     * use (while its profile is still being learned, the rhythm's own swing read as level shifts back and forth, up to
     * 18 in a fortnight of a clean daily curve).
     */
    private long confirmationSeconds() {
        double b = Double.isNaN(bucketSeconds) ? 60 : bucketSeconds;
        return Math.max((long) Limits.atLeast(24 * b, 6 * 3600), baseline.rhythmSeconds());
    }

    private void inferBucket(long t) {
        if (!Double.isNaN(bucketSeconds) || lastSecond == Long.MIN_VALUE) {
            return;
        }
        if (deltas == null) {
            deltas = new long[INFER_DELTAS];
        }
        deltas[deltaCount++] = t - lastSecond;
        if (deltaCount >= 3) {
            long[] sorted = Arrays.copyOf(deltas, deltaCount);
            Arrays.sort(sorted);
            long median = sorted[deltaCount / 2];
            if (deltaCount == INFER_DELTAS || sorted[0] == sorted[deltaCount - 1]) {
                setBucketSeconds(median);
            }
        }
    }

    private void setBucketSeconds(double seconds) {
        bucketSeconds = seconds;
        deltas = null;
        baseline.setBucketSeconds(seconds);
        trend = TrendTracker.forBucketSeconds(seconds);
    }

    /**
     * {@code Math.max(-1e3, Math.min(1e3, z))}, the same double for every z (NaN included), written as
     * comparisons: a predicted branch is cheaper on the hot path than the intrinsics' NaN handling.
     */
    private static double clip(double z) {
        return z < -1e3 ? -1e3 : z > 1e3 ? 1e3 : z;
    }

    // ---------------------------------------------------------------- state

    /** The model's whole state, versioned and checksummed. */
    public byte[] toBytes() {
        StateWriter w = new StateWriter();
        w.i32(MAGIC).i32(STATE_VERSION);
        w.i32(config.valueKind().ordinal());
        w.bytes(config.calendar().zone().getId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        w.f64(bucketSeconds).i64(lastSecond).i64(accepted).i32(run).i32(deltaCount);
        for (int i = 0; i < INFER_DELTAS; i++) {
            w.i64(deltas == null ? 0 : deltas[i]);
        }
        baseline.write(w);
        judge.write(w);
        events.write(w);
        changes.write(w);
        width.write(w);
        w.bool(trend != null);
        if (trend != null) {
            trend.write(w);
        }
        byte[] body = w.toByteArray();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        return new StateWriter().bytes(body).i64(crc.getValue()).toByteArray();
    }

    /**
     * Restores a model saved by {@link #toBytes()}. The configuration must describe the same metric
     * (value kind and calendar zone); the state's version must be one this build reads.
     *
     * @throws CorruptStateException when the bytes are damaged, of an unknown version, or do not match the configuration
     */
    public static SeriesModel fromBytes(byte[] bytes, ModelConfig config) {
        Objects.requireNonNull(config, "config");
        StateReader outer = new StateReader(bytes);
        byte[] body = outer.bytes();
        long expectedCrc = outer.i64();
        outer.expectEnd();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        if (crc.getValue() != expectedCrc) {
            throw new CorruptStateException("state checksum mismatch: the bytes were damaged");
        }
        StateReader r = new StateReader(body);
        if (r.i32() != MAGIC) {
            throw new CorruptStateException("not a Kizashi series model state (bad magic)");
        }
        int version = r.i32();
        if (version < OLDEST_STATE_VERSION || version > STATE_VERSION) {
            throw new CorruptStateException("unknown state version " + version + "; this build reads versions "
                    + OLDEST_STATE_VERSION + " to " + STATE_VERSION);
        }
        int kind = r.i32();
        if (kind != config.valueKind().ordinal()) {
            throw new CorruptStateException("state was saved for value_kind " + ValueKind.values()[Math.floorMod(kind, ValueKind.values().length)]
                    + " but the configuration says " + config.valueKind() + "; fix the job's value kind or reset the model");
        }
        String zone = new String(r.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!zone.equals(config.calendar().zone().getId())) {
            throw new CorruptStateException("state was saved for calendar zone " + zone + " but the configuration says "
                    + config.calendar().zone().getId() + "; fix the job's calendar or reset the model");
        }
        double bucketSeconds = r.f64();
        long lastSecond = r.i64();
        long accepted = r.i64();
        int run = r.i32();
        int deltaCount = r.i32();
        long[] deltas = new long[INFER_DELTAS];
        for (int i = 0; i < INFER_DELTAS; i++) {
            deltas[i] = r.i64();
        }

        SeasonalBaseline baseline = SeasonalBaseline.read(r);
        Judge judge = Judge.read(r, version);
        EventFilter events = EventFilter.read(r);
        ChangePointDetector changes = ChangePointDetector.read(r, version);
        StreamingQuantile width = StreamingQuantile.read(r);
        TrendTracker trend = r.bool() ? TrendTracker.read(r) : null;
        r.expectEnd();
        return new SeriesModel(config, baseline, judge, events, changes, width, trend, Double.isNaN(bucketSeconds) ? deltas : null,
                deltaCount, bucketSeconds,
                lastSecond, accepted, run);
    }
}
