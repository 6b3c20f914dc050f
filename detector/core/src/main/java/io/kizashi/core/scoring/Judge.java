package io.kizashi.core.scoring;

import io.kizashi.core.model.Direction;
import io.kizashi.core.model.Reason;
import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Judges how unusual a bucket is, given the baseline's forecast. Six channels each turn the stream into a
 * statistic that is calibrated to a tail probability on its own history ({@link TailCalibrator}), so that
 * one threshold means the same rarity on a calm series and on a spiky one:
 * <ol>
 *   <li>point: |z|, the one-step residual in spreads;</li>
 *   <li>variance: a running mean of z² over ~{@value #VARIANCE_BUCKETS} buckets (capped at 100);</li>
 *   <li>extreme: a value beyond the whole range seen so far; a record among n exchangeable values has
 *       probability 1/n, and each 10 % of the range it exceeds by makes it e times rarer;</li>
 *   <li>shift: a running mean over ~{@value #SHIFT_BUCKETS} buckets of the residual against the slow baseline;</li>
 *   <li>drift: a running mean over ~{@value #DRIFT_BUCKETS} buckets of the deseasonalised value against a very slow
 *       level (about {@value #DRIFT_LEVEL_BUCKETS} buckets), in slow spreads;</li>
 *   <li>activity: a running mean over ~{@value #ACTIVITY_BUCKETS} buckets of |z| (sustained agitation without a
 *       shift).</li>
 * </ol>
 * The averaging spans form a ladder from a burst to a creep (5, 16, 18 and 36 buckets: at 5-minute buckets 25
 * minutes to 3 hours). They were set on NAB and the ASD corpus together, one global setting: every combination of
 * drift 36–48, activity 12–24 and variance 5–10 buckets scored 71–74 on NAB (standard profile), against 69.9 for
 * the earlier 10, 12, 12 and 24; the ASD corpus moved by less than half a point.
 * The point and drift calibrators decluster runs of excesses ({@link TailCalibrator#updateDeclustered}): a
 * creeping incident (the drift) or a forecast that keeps missing (the point residual) must not teach
 * its own tail within the hour it lasts. The shift, variance and activity channels absorb runs fully,
 * so one level change or one agitated period is not re-alarmed for hours (declustering them as well
 * cost about 3 points on the ASD corpus and 2 on NAB).
 * The bucket's probability is six times the smallest channel probability (Bonferroni): the chance that
 * any channel would be this extreme under the learned normal behaviour.
 */
public final class Judge {

    static final int CHANNELS = 6;
    /**
     * Residuals are clipped at this many spreads before the running means: enough to bound one absurd value,
     * not so low that every sustained deviation saturates alike (at 8, a 30-minute latency creep and a
     * routine daily transition both sat at the clip).
     */
    static final double INPUT_CLIP = 16;
    static final double EXTREME_FRACTION = 0.1;
    static final int VARIANCE_BUCKETS = 5;
    static final int SHIFT_BUCKETS = 16;
    static final int ACTIVITY_BUCKETS = 18;
    static final int DRIFT_BUCKETS = 36;
    // running-mean rates as reciprocals: a multiplication, not a division, on every bucket
    private static final double VARIANCE_RATE = 1.0 / VARIANCE_BUCKETS;
    private static final double SHIFT_RATE = 1.0 / SHIFT_BUCKETS;
    private static final double ACTIVITY_RATE = 1.0 / ACTIVITY_BUCKETS;
    private static final double DRIFT_RATE = 1.0 / DRIFT_BUCKETS;
    static final int DRIFT_LEVEL_BUCKETS = 576;
    private static final Reason[] REASONS = {Reason.POINT_OUTLIER, Reason.VARIANCE_CHANGE, Reason.NEW_EXTREME,
        Reason.SUSTAINED_SHIFT, Reason.SLOW_DRIFT, Reason.AGITATION};

    private final TailCalibrator point;
    private final TailCalibrator variance;
    private final TailCalibrator shift;
    private final TailCalibrator drift;
    private final TailCalibrator activity;
    private double varMean = 1;
    private double shiftMean;
    private double driftMean;
    private double actMean = 1;
    private double slowLevel = Double.NaN;
    private double max = Double.NaN;
    private double min = Double.NaN;
    private long seen;

    // outcome of the last judgement (not state), as primitives: storing an enum reference into this long-lived
    // object on every bucket would cost G1's card-marking barrier (a memory fence) every time
    private double probability;
    private int channel = -1; // the strongest channel, -1 when nothing is unusual
    private boolean high;

    private Judge(TailCalibrator point, TailCalibrator variance, TailCalibrator shift, TailCalibrator drift, TailCalibrator activity) {
        this.point = point;
        this.variance = variance;
        this.shift = shift;
        this.drift = drift;
        this.activity = activity;
    }

    public static Judge create() {
        return new Judge(new TailCalibrator(), new TailCalibrator(), new TailCalibrator(), new TailCalibrator(), new TailCalibrator());
    }

    /** Remembers the first value (the range starts there). */
    public void first(double x) {
        max = min = x;
        seen = 1;
    }

    /**
     * Judges a value and learns from it.
     *
     * @param x        the value
     * @param season   the seasonal offset of the bucket
     * @param z        one-step residual in spreads
     * @param zs       residual against the slow baseline in slow spreads
     * @param slowSigma spread of the slow residual
     * @param armed    false during cold start: statistics learn, the probability is 1
     * @param calibrate false while the baseline's spread is too young for its residuals to mean anything:
     *                 the calibrators do not learn them (the first residuals are tens of spreads)
     */
    public void judge(double x, double season, double z, double zs, double slowSigma, boolean armed, boolean calibrate) {
        // in three steps, each small enough for the JIT to inline (one method was too big to be inlined into the model)
        double deseasonalised = x - season;
        updateMeans(deseasonalised, z, zs, slowSigma);
        decide(x, z, armed);
        if (calibrate) {
            learnTails(z);
        }
        slowLevel += Math.max(-4 * slowSigma, Math.min(4 * slowSigma, deseasonalised - slowLevel)) / DRIFT_LEVEL_BUCKETS;
        max = Math.max(max, x);
        min = Math.min(min, x);
        seen++;
    }

    /** The channels' running means learn the bucket. */
    private void updateMeans(double deseasonalised, double z, double zs, double slowSigma) {
        varMean += VARIANCE_RATE * (Limits.atMost(z * z, 100) - varMean);
        shiftMean += SHIFT_RATE * (clip(zs) - shiftMean);
        if (Double.isNaN(slowLevel)) {
            slowLevel = deseasonalised;
        }
        driftMean += DRIFT_RATE * (clip((deseasonalised - slowLevel) / slowSigma) - driftMean);
        actMean += ACTIVITY_RATE * (Limits.atMost(Math.abs(z), INPUT_CLIP) - actMean);
    }

    /** The outcome: the strongest channel's probability (Bonferroni-corrected), the channel and its direction. */
    private void decide(double x, double z, boolean armed) {
        // the strongest channel: the smallest probability, the first one on ties. Compared one by one
        // rather than through an array, which the JIT would allocate on every bucket
        int ch = 0;
        double strongest = point.probability(Math.abs(z));
        double pVar = variance.probability(varMean);
        if (pVar < strongest) {
            ch = 1;
            strongest = pVar;
        }
        double pExt = extreme(x, armed);
        if (pExt < strongest) {
            ch = 2;
            strongest = pExt;
        }
        double pShift = shift.probability(Math.abs(shiftMean));
        if (pShift < strongest) {
            ch = 3;
            strongest = pShift;
        }
        double pDrift = drift.probability(Math.abs(driftMean));
        if (pDrift < strongest) {
            ch = 4;
            strongest = pDrift;
        }
        double pAct = activity.probability(actMean);
        if (pAct < strongest) {
            ch = 5;
            strongest = pAct;
        }
        double p = Limits.atMost(strongest * CHANNELS, 1);
        if (!armed || p >= 1) {
            probability = 1;
            channel = -1;
        } else {
            probability = p;
            channel = ch;
            high = switch (ch) {
                case 2 -> x > max;
                case 3 -> shiftMean >= 0;
                case 4 -> driftMean >= 0;
                default -> z >= 0;
            };
        }
    }

    /** The calibrators learn the channels' statistics. */
    private void learnTails(double z) {
        point.updateDeclustered(Math.abs(z));
        variance.update(varMean);
        shift.update(Math.abs(shiftMean));
        drift.updateDeclustered(Math.abs(driftMean));
        activity.update(actMean);
    }

    /** Moves the deseasonalised reference by {@code delta} (the baseline changed the rhythm it uses). */
    public void rebase(double delta) {
        slowLevel += delta;
    }

    /** n counts this value: the probability that value n of n exchangeable ones is a record is 1/n. */
    private double extreme(double x, boolean active) {
        double range = max - min;
        if (!active || !(range > 0)) {
            return 1;
        }
        double over = Math.max(x - max, min - x);
        if (over <= 0) {
            return 1;
        }
        return Math.min(1, Math.exp(-over / (EXTREME_FRACTION * range)) / (seen + 1));
    }

    private static double clip(double v) {
        return Limits.within(v, INPUT_CLIP);
    }

    public double probability() {
        return probability;
    }

    public Reason reason() {
        return channel < 0 ? Reason.NORMAL : REASONS[channel];
    }

    public Direction direction() {
        return channel < 0 ? Direction.NONE : high ? Direction.HIGH : Direction.LOW;
    }

    public void write(StateWriter w) {
        point.write(w);
        variance.write(w);
        shift.write(w);
        drift.write(w);
        activity.write(w);
        w.f64(varMean).f64(shiftMean).f64(driftMean).f64(actMean).f64(slowLevel).f64(max).f64(min).i64(seen);
    }

    /** Reads a judge written by {@link #write}; {@code version} is the series state's version. */
    public static Judge read(StateReader r, int version) {
        Judge j = new Judge(TailCalibrator.read(r, version), TailCalibrator.read(r, version), TailCalibrator.read(r, version),
                TailCalibrator.read(r, version), TailCalibrator.read(r, version));
        j.varMean = r.f64();
        j.shiftMean = r.f64();
        j.driftMean = r.f64();
        j.actMean = r.f64();
        j.slowLevel = r.f64();
        j.max = r.f64();
        j.min = r.f64();
        j.seen = r.i64();
        return j;
    }
}
