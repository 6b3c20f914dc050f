package io.kizashi.core.scoring;

import io.kizashi.core.model.Direction;
import io.kizashi.core.model.Reason;
import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Judges how unusual a bucket is, given the baseline's forecast. Five channels each give a tail
 * probability, calibrated on the channel's own history so that one threshold means the same rarity on
 * every series:
 * <ul>
 *   <li>point: |one-step residual| in spreads;</li>
 *   <li>sustained: a short running mean of the residual against the slow baseline (shifts, dips);</li>
 *   <li>variance: a short running mean of squared residuals;</li>
 *   <li>rare value: the value's tail probability in the long-memory distribution of the series;</li>
 *   <li>new extreme: a value beyond the range seen so far (a record among n values has probability 1/n).</li>
 * </ul>
 * The smallest probability, times the number of channels (Bonferroni), is the bucket's probability.
 */
public final class Judge {

    private static final int CHANNELS = 5;
    private static final double SHIFT_RATE = 0.25;
    private static final double SHIFT_NORM = Math.sqrt(SHIFT_RATE / (2 - SHIFT_RATE));
    private static final double VAR_RATE = 0.1;
    private static final double INPUT_CLIP = 8;
    private static final double EXTREME_SCALE = 0.1;

    private final TailCalibrator point;
    private final TailCalibrator shift;
    private final TailCalibrator variance;
    private final MarginalDistribution marginal;
    private double shiftMean;
    private double varMean;
    private double max;
    private double min;
    private long seen;

    // outcome of the last judgement (not state)
    private double probability;
    private Reason reason;
    private Direction direction;

    private Judge(TailCalibrator point, TailCalibrator shift, TailCalibrator variance, MarginalDistribution marginal) {
        this.point = point;
        this.shift = shift;
        this.variance = variance;
        this.marginal = marginal;
    }

    public static Judge create() {
        Judge j = new Judge(new TailCalibrator(), new TailCalibrator(), new TailCalibrator(), new MarginalDistribution());
        j.max = Double.NEGATIVE_INFINITY;
        j.min = Double.POSITIVE_INFINITY;
        j.varMean = 1;
        return j;
    }

    /**
     * Judges a value and learns from it.
     *
     * @param x        the value
     * @param z        one-step residual in spreads
     * @param zs       residual against the slow baseline in slow spreads
     * @param armed    false during cold start: statistics learn, but the probability is 1
     * @param minSeen  buckets that must be seen before the new-extreme channel speaks
     */
    public void judge(double x, double z, double zs, boolean armed, long minSeen) {
        double az = Math.abs(z);
        double pPoint = point.probability(az);
        shiftMean += SHIFT_RATE * (Math.max(-INPUT_CLIP, Math.min(INPUT_CLIP, zs)) - shiftMean);
        double aShift = Math.abs(shiftMean) / SHIFT_NORM;
        double pShift = shift.probability(aShift);
        varMean += VAR_RATE * (Math.min(z * z, 100) - varMean);
        double pVar = variance.probability(varMean);
        double pRare = marginal.probability(x);
        double pExtreme = 1;
        double range = max - min;
        if (seen > minSeen && range > 0) {
            double over = Math.max(x - max, min - x);
            if (over > 0) {
                pExtreme = Math.min(1, Math.exp(-over / (EXTREME_SCALE * range)) / seen);
            }
        }
        double p = pPoint;
        Reason r = Reason.POINT_OUTLIER;
        Direction d = z >= 0 ? Direction.HIGH : Direction.LOW;
        if (pShift < p) {
            p = pShift;
            r = Reason.SUSTAINED_SHIFT;
            d = shiftMean >= 0 ? Direction.HIGH : Direction.LOW;
        }
        if (pVar < p) {
            p = pVar;
            r = Reason.VARIANCE_CHANGE;
        }
        if (pRare < p) {
            p = pRare;
            r = Reason.RARE_VALUE;
            d = x >= marginal.median() ? Direction.HIGH : Direction.LOW;
        }
        if (pExtreme < p) {
            p = pExtreme;
            r = Reason.NEW_EXTREME;
            d = x > max ? Direction.HIGH : Direction.LOW;
        }
        p = Math.min(1, p * CHANNELS);
        if (!armed || p >= 1) {
            p = 1;
            r = Reason.NORMAL;
            d = Direction.NONE;
        }
        probability = p;
        reason = r;
        direction = d;
        point.update(az);
        shift.update(aShift);
        variance.update(varMean);
        marginal.update(x);
        max = Math.max(max, x);
        min = Math.min(min, x);
        seen++;
    }

    public double probability() {
        return probability;
    }

    public Reason reason() {
        return reason;
    }

    public Direction direction() {
        return direction;
    }

    public void write(StateWriter w) {
        point.write(w);
        shift.write(w);
        variance.write(w);
        marginal.write(w);
        w.f64(shiftMean).f64(varMean).f64(max).f64(min).i64(seen);
    }

    public static Judge read(StateReader r) {
        Judge j = new Judge(TailCalibrator.read(r), TailCalibrator.read(r), TailCalibrator.read(r), MarginalDistribution.read(r));
        j.shiftMean = r.f64();
        j.varMean = r.f64();
        j.max = r.f64();
        j.min = r.f64();
        j.seen = r.i64();
        return j;
    }
}
