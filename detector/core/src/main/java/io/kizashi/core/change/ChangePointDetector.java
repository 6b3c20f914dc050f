package io.kizashi.core.change;

import io.kizashi.core.scoring.Limits;
import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

import java.time.Instant;

/**
 * Confirms level shifts and variance changes, streaming.
 *
 * <p>Level: a two-sided CUSUM on the residual against the slow baseline (in units of its spread,
 * inputs clipped to ±4, reference 1, threshold 8) opens a <em>candidate</em> change, remembering the
 * deseasonalised level and spread from before the run. The candidate is then judged against that frozen
 * level, not against the baseline (which is already adapting): it is cancelled as soon as a short
 * running mean of the values comes back within 1.5 spreads (an incident that ended), and confirmed
 * when it is still at least 3 spreads away after the confirmation span (a new level, e.g. a deploy).
 * Variance: the ratio of a short to a long running mean of squared one-step residuals; a ratio beyond
 * 4 (or below 1/4) held for the confirmation span is a variance change.
 */
public final class ChangePointDetector {

    private static final double REFERENCE = 1.0;
    private static final double OPEN = 8.0;
    private static final double INPUT_CLIP = 4.0;
    private static final double RECENT_RATE = 0.1;
    private static final double CANCEL = 1.5;
    private static final double CONFIRM = 3.0;
    private static final double SHORT_RATE = 0.1;
    private static final double LONG_RATE = 0.005;
    private static final double VARIANCE_RATIO = 4.0;

    private double up;
    private double down;
    private long upStart = Long.MIN_VALUE;
    private long downStart = Long.MIN_VALUE;
    private double upBefore;
    private double downBefore;
    // the candidate change (sign 0 = none)
    private int sign;
    private long start;
    private double before;
    private double beforeSigma;
    private double recent;
    private double sum;
    private long count;
    // variance
    private double shortVar = 1;
    private double longVar = 1;
    private long varStart = Long.MIN_VALUE;
    private int varSign;

    /**
     * @param epochSecond     bucket time
     * @param deseasonalised  value minus the seasonal offset
     * @param slowResidual    value minus the slow baseline
     * @param slowSigma       spread of that residual
     * @param z               one-step residual in spreads
     * @param level           slow (deseasonalised) level before this bucket
     * @param spreadNow       one-step spread before this bucket
     * @param confirmSeconds  how long a change must hold before it is confirmed
     * @return a confirmed change, or null
     */
    public ChangePoint observe(long epochSecond, double deseasonalised, double slowResidual, double slowSigma, double z,
                               double level, double spreadNow, long confirmSeconds) {
        double c = Limits.within(slowResidual / slowSigma, INPUT_CLIP);
        double newUp = Math.max(0, up + c - REFERENCE);
        double newDown = Math.max(0, down - c - REFERENCE);
        // a run starts where the CUSUM leaves zero; the level then is the "before" of a change
        if (up == 0 && newUp > 0) {
            upStart = epochSecond;
            upBefore = level;
        }
        if (down == 0 && newDown > 0) {
            downStart = epochSecond;
            downBefore = level;
        }
        up = newUp;
        down = newDown;

        ChangePoint found = null;
        // the candidate's open, follow-up and confirmation are rare: methods of their own keep this one small
        // enough for the JIT to inline into the model's per-bucket path
        if (sign == 0 && (up > OPEN || down > OPEN)) {
            open(slowSigma, deseasonalised);
        }
        if (sign != 0) {
            found = follow(epochSecond, deseasonalised, confirmSeconds);
        }

        double z2 = Limits.atMost(z * z, 100);
        shortVar += SHORT_RATE * (z2 - shortVar);
        longVar += LONG_RATE * (z2 - longVar);
        double ratio = shortVar / Limits.atLeast(longVar, 1e-12);
        int vs = ratio > VARIANCE_RATIO ? 1 : ratio < 1 / VARIANCE_RATIO ? -1 : 0;
        if (vs != varSign) {
            varSign = vs;
            varStart = epochSecond;
        }
        if (found == null && vs != 0 && epochSecond - varStart >= confirmSeconds) {
            found = varianceChange(epochSecond, ratio, spreadNow);
        }
        return found;
    }

    private void open(double slowSigma, double deseasonalised) {
        sign = up > OPEN ? 1 : -1;
        start = sign > 0 ? upStart : downStart;
        before = sign > 0 ? upBefore : downBefore;
        beforeSigma = slowSigma;
        recent = deseasonalised;
        sum = 0;
        count = 0;
    }

    /** Follows the open candidate one bucket: cancels it, confirms it (returned) or keeps it open (null). */
    private ChangePoint follow(long epochSecond, double deseasonalised, long confirmSeconds) {
        recent += RECENT_RATE * (deseasonalised - recent);
        sum += deseasonalised;
        count++;
        double away = sign * (recent - before) / beforeSigma;
        ChangePoint found = null;
        if (away < CANCEL) {
            sign = 0;
            up = down = 0;
        } else if (epochSecond - start >= confirmSeconds && away >= CONFIRM) {
            found = new ChangePoint(ChangeType.LEVEL_SHIFT, Instant.ofEpochSecond(start), Instant.ofEpochSecond(epochSecond),
                    before, recent, (recent - before) / beforeSigma);
            sign = 0;
            up = down = 0;
        }
        return found;
    }

    private ChangePoint varianceChange(long epochSecond, double ratio, double spreadNow) {
        double factor = Math.sqrt(ratio);
        ChangePoint found = new ChangePoint(ChangeType.VARIANCE_CHANGE, Instant.ofEpochSecond(varStart), Instant.ofEpochSecond(epochSecond),
                spreadNow, spreadNow * factor, factor);
        longVar = shortVar;
        varSign = 0;
        varStart = epochSecond;
        return found;
    }

    /** Moves every deseasonalised level held by {@code delta} (the baseline changed the rhythm it uses). */
    public void rebase(double delta) {
        upBefore += delta;
        downBefore += delta;
        before += delta;
        recent += delta;
        sum += delta * count;
    }

    /** Where the level is now (deseasonalised), while a candidate change is open; NaN otherwise. */
    public double candidateLevel() {
        return sign == 0 ? Double.NaN : recent;
    }

    public void write(StateWriter w) {
        w.f64(up).f64(down).i64(upStart).i64(downStart).f64(upBefore).f64(downBefore)
                .i32(sign).i64(start).f64(before).f64(beforeSigma).f64(recent).f64(sum).i64(count)
                .f64(shortVar).f64(longVar).i64(varStart).i32(varSign);
    }

    public static ChangePointDetector read(StateReader r) {
        ChangePointDetector d = new ChangePointDetector();
        d.up = r.f64();
        d.down = r.f64();
        d.upStart = r.i64();
        d.downStart = r.i64();
        d.upBefore = r.f64();
        d.downBefore = r.f64();
        d.sign = r.i32();
        d.start = r.i64();
        d.before = r.f64();
        d.beforeSigma = r.f64();
        d.recent = r.f64();
        d.sum = r.f64();
        d.count = r.i64();
        d.shortVar = r.f64();
        d.longVar = r.f64();
        d.varStart = r.i64();
        d.varSign = r.i32();
        return d;
    }
}
