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
 * Variance: the one-step residual is measured in a long running mean of its own spread (~200 buckets). The
 * baseline's spread would not do: it adapts to new noise within hours, so residuals in its units fade back to
 * normal before a change could be confirmed, whereas in these units a tripled noise stays nine times the square. A
 * short running mean of the squares (each capped at 25, five spreads, so that a few spikes are not a noisier
 * regime) beyond 4 or below 1/4 opens a candidate and freezes the long spread. The candidate is cancelled as soon
 * as that mean comes back within a factor 2 (an agitated hour that ended), and confirmed when the mean square
 * since the open is still beyond 4 (or below 1/4) after its confirmation span: the spread at least doubled (or
 * halved). The caller makes that span a day at least, and a period of the rhythm in use, so that busy hours,
 * noisier than the nights, cancel their own candidates at night. The change reports the spread since the open (a
 * mean absolute residual, uncapped), and the long spread starts there. No
 * candidate opens before twice the long mean's memory, from the start or from a change of the baseline's rhythm.
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
    private static final long LONG_BUCKETS = 200; // 1 / LONG_RATE
    private static final double VARIANCE_RATIO = 4.0;
    private static final double VARIANCE_CANCEL = 2.0;
    private static final double SQUARE_CAP = 25.0;

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
    // variance: the residuals' long spread, the short mean of their squares, and the candidate (sign 0 = none)
    private long varianceSeen;
    private double longSpread = Double.NaN;
    private double shortSquare = 1;
    private int varSign;
    private long varStart = Long.MIN_VALUE;
    private double varSpread = Double.NaN;
    private double varSum;
    private double varAbs;
    private long varCount;

    /**
     * @param epochSecond     bucket time
     * @param deseasonalised  value minus the seasonal offset
     * @param zSlow           value minus the slow baseline, in slow spreads, as the model's judge gets it (taken
     *                        rather than divided out again here: a division is a slow instruction on every bucket;
     *                        the model's clip at 1000 spreads changes nothing after the clip at {@value #INPUT_CLIP})
     * @param slowSigma       the slow spread
     * @param z               one-step residual in spreads
     * @param level           slow (deseasonalised) level before this bucket
     * @param spreadNow       one-step spread before this bucket
     * @param confirmSeconds  how long a level shift must hold before it is confirmed
     * @param varianceConfirmSeconds how long a variance change must hold before it is confirmed
     * @return a confirmed change, or null
     */
    public ChangePoint observe(long epochSecond, double deseasonalised, double zSlow, double slowSigma, double z,
                               double level, double spreadNow, long confirmSeconds, long varianceConfirmSeconds) {
        double c = Limits.within(zSlow, INPUT_CLIP);
        double newUp = Math.max(0, up + c - REFERENCE);
        double newDown = Math.max(0, down - c - REFERENCE);
        // a run starts where the CUSUM leaves zero; the level then is the "before" of a change. Selections (and & rather
        // than &&) instead of branches: whether a run starts is close to a coin flip on every bucket (the benchmark's
        // series have a positive up sum in a fifth to a third of their buckets), which no branch predictor learns
        boolean upRun = up == 0 & newUp > 0;
        boolean downRun = down == 0 & newDown > 0;
        upStart = upRun ? epochSecond : upStart;
        upBefore = upRun ? level : upBefore;
        downStart = downRun ? epochSecond : downStart;
        downBefore = downRun ? level : downBefore;
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

        ChangePoint v = variance(epochSecond, z * spreadNow, varianceConfirmSeconds);
        return found != null ? found : v;
    }

    /** The variance test of one bucket given its one-step residual: a confirmed change, or null. */
    private ChangePoint variance(long epochSecond, double residual, long confirmSeconds) {
        ChangePoint found = null;
        if (varianceSeen > 0) {
            double q = square(residual, varSign == 0 ? longSpread : varSpread);
            shortSquare += SHORT_RATE * (q - shortSquare);
            if (varSign != 0) {
                found = followVariance(epochSecond, q, residual, confirmSeconds);
            } else if (varianceSeen > 2 * LONG_BUCKETS && (shortSquare > VARIANCE_RATIO || shortSquare < 1 / VARIANCE_RATIO)) {
                varSign = shortSquare > 1 ? 1 : -1;
                varStart = epochSecond;
                varSpread = longSpread;
                varSum = q;
                varAbs = Math.abs(residual);
                varCount = 1;
            }
        }
        // a plain mean of the first spreads (rate 1 / n while that is above the fixed rate), then a running mean;
        // |residual| * 1.25 is about one standard deviation, and a residual teaches it at most four long spreads
        // (any residual while the long spread is still zero: a flat start)
        double a = Math.abs(residual) * 1.25;
        varianceSeen++;
        double rate = varianceSeen < LONG_BUCKETS ? 1.0 / varianceSeen : LONG_RATE;
        longSpread = varianceSeen == 1 ? a : longSpread + rate * ((longSpread > 0 ? Limits.atMost(a, 4 * longSpread) : a) - longSpread);
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

    /**
     * The square of a residual in a spread, capped. A zero spread (a flat history) has no noise to compare with: every
     * residual counts as usual, so no variance change is measured against it (its ratio would be infinite).
     */
    private static double square(double residual, double spread) {
        if (!(spread > 0)) {
            return 1;
        }
        double q = residual / spread;
        return Limits.atMost(q * q, SQUARE_CAP);
    }

    /** Follows the open variance candidate one bucket: cancels it, confirms it (returned) or keeps it open (null). */
    private ChangePoint followVariance(long epochSecond, double q, double residual, long confirmSeconds) {
        varSum += q;
        varAbs += Math.abs(residual);
        varCount++;
        boolean higher = varSign > 0;
        if (higher ? shortSquare < VARIANCE_CANCEL : shortSquare > 1 / VARIANCE_CANCEL) {
            varSign = 0;
            return null;
        }
        if (epochSecond - varStart < confirmSeconds) {
            return null;
        }
        varSign = 0;
        double meanSquare = varSum / varCount;
        if (higher ? meanSquare < VARIANCE_RATIO : meanSquare > 1 / VARIANCE_RATIO) {
            return null;
        }
        // the spread since the open (the same estimator as the long spread, uncapped: the size, not the decision) is
        // the normal one now
        double after = varAbs / varCount * 1.25;
        longSpread = after;
        shortSquare = 1;
        return new ChangePoint(ChangeType.VARIANCE_CHANGE, Instant.ofEpochSecond(varStart), Instant.ofEpochSecond(epochSecond),
                varSpread, after, after / varSpread);
    }

    /**
     * Moves every deseasonalised level held by {@code delta} (the baseline changed the rhythm it uses). The variance
     * test starts afresh: the forecast's residuals change with the rhythm, which is not a change of the noise.
     */
    public void rebase(double delta) {
        upBefore += delta;
        downBefore += delta;
        before += delta;
        recent += delta;
        sum += delta * count;
        varSign = 0;
        varianceSeen = 0;
    }

    /** Where the level is now (deseasonalised), while a candidate change is open; NaN otherwise. */
    public double candidateLevel() {
        return sign == 0 ? Double.NaN : recent;
    }

    public void write(StateWriter w) {
        w.f64(up).f64(down).i64(upStart).i64(downStart).f64(upBefore).f64(downBefore)
                .i32(sign).i64(start).f64(before).f64(beforeSigma).f64(recent).f64(sum).i64(count)
                .i64(varianceSeen).f64(longSpread).f64(shortSquare).i32(varSign).i64(varStart)
                .f64(varSpread).f64(varSum).f64(varAbs).i64(varCount);
    }

    /**
     * Reads a detector written by {@link #write}; {@code version} is the series state's version. Before version 5
     * a variance change was a ratio of squares in the baseline's own spreads held for the confirmation span (it
     * faded as that spread adapted): such a state continues with no variance candidate and learns its long spread
     * afresh from the next bucket (no candidate opens before twice its memory).
     */
    public static ChangePointDetector read(StateReader r, int version) {
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
        if (version >= 5) {
            d.varianceSeen = r.i64();
            d.longSpread = r.f64();
            d.shortSquare = r.f64();
            d.varSign = r.i32();
            d.varStart = r.i64();
            d.varSpread = r.f64();
            d.varSum = r.f64();
            d.varAbs = r.f64();
            d.varCount = r.i64();
        } else {
            // the ratio test's short and long means of squares, its start and sign: not carried over
            r.f64();
            r.f64();
            r.i64();
            r.i32();
        }
        return d;
    }
}
