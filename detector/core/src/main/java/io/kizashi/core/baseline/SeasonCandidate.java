package io.kizashi.core.baseline;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * One explanation of the series' rhythm. The non-seasonal candidate is a slow level. A daily or weekly
 * candidate adds a profile of the local day or week and the residual spread at each phase.
 *
 * <p>Two levels per seasonal candidate: the profile learns {@code x - anchor}, where the anchor moves
 * over several periods (a level that follows the day would absorb the daily shape it is meant to
 * reveal); predictions use a tracking level that follows the deseasonalised value like the
 * non-seasonal candidate does, so candidates are compared on equal terms. The profile is re-centred
 * once per period (its mean moves into the anchor). Knots learn as a running average over the first
 * periods, then with a fixed rate, so a weekly profile is usable after two weeks rather than ten; the
 * per-phase spread starts learning in the second period, when the profile's residuals have become noise.
 */
final class SeasonCandidate {

    static final int NONE = 0;
    static final int DAILY = 1;
    static final int WEEKLY = 2;

    private final int kind;
    private final double anchorRate;
    private final SeasonalProfile profile;
    private final SeasonalProfile spread;
    private double anchor;
    private double level;
    private double error;
    private long age;
    private double lastPhase;
    private long periods;

    private SeasonCandidate(int kind, double anchorRate, SeasonalProfile profile, SeasonalProfile spread,
                            double anchor, double level, double error, long age, double lastPhase, long periods) {
        this.kind = kind;
        this.anchorRate = anchorRate;
        this.profile = profile;
        this.spread = spread;
        this.anchor = anchor;
        this.level = level;
        this.error = error;
        this.age = age;
        this.lastPhase = lastPhase;
        this.periods = periods;
    }

    static SeasonCandidate create(int kind, int knots, double bucketsPerPeriod, double level) {
        boolean seasonal = kind != NONE;
        return new SeasonCandidate(kind, seasonal ? Tuning.ANCHOR_PERIODS_RATE / bucketsPerPeriod : 0,
                seasonal ? new SeasonalProfile(knots) : null,
                seasonal ? new SeasonalProfile(knots) : null,
                level, level, Double.NaN, 0, -1, 0);
    }

    int kind() {
        return kind;
    }

    /** Tracking level (deseasonalised), the base of predictions. */
    double level() {
        return level;
    }

    double error() {
        return error;
    }

    double season(double phase) {
        return profile == null ? 0 : profile.at(phase);
    }

    /** Residual spread at this phase, or NaN for the non-seasonal candidate. */
    double phaseSpread(double phase) {
        return spread == null ? Double.NaN : spread.at(phase);
    }

    void shiftLevel(double delta) {
        level += delta;
        anchor += delta;
    }

    /** Learns one value; residuals are clipped at a multiple of the candidate's own error scale. */
    void learn(double phase, double x, double floor) {
        double s = season(phase);
        double e = x - level - s;
        double scale = Double.isNaN(error) ? Math.abs(e) : error;
        double clip = Tuning.CLIP * Math.max(scale, floor);
        error = Double.isNaN(error) ? Math.abs(e)
                : error + Math.max(Tuning.SEASON_ERROR_RATE, 1.0 / (2 + age)) * (Math.min(Math.abs(e), clip) - error);
        age++;
        level += Tuning.SLOW_LEVEL_RATE * clamp(e, clip);
        if (profile == null) {
            return;
        }
        if (phase < lastPhase) {
            periods++;
            recentre();
        }
        lastPhase = phase;
        double target = x - anchor;
        double ps = spread.at(phase);
        double pclip = Tuning.CLIP * Math.max(ps > 0 ? Math.max(ps, 0.25 * scale) : scale, floor);
        double rate = Math.max(Tuning.SEASON_RATE, 1.0 / (1 + periods));
        double d = clamp(target - s, pclip);
        profile.add(phase, d * rate);
        // during the first period the profile itself is being formed, so its residuals are not noise
        if (periods > 0) {
            double spreadRate = Math.max(Tuning.SEASON_RATE * 0.5, 1.0 / periods);
            spread.add(phase, (Math.min(Math.abs(target - s), pclip) - ps) * spreadRate);
        }
        anchor += anchorRate * clamp(x - anchor - s, clip);
    }

    private void recentre() {
        double mean = profile.mean();
        profile.addAll(-mean);
        anchor += mean;
    }

    private static double clamp(double v, double limit) {
        return v < -limit ? -limit : Math.min(v, limit);
    }

    void write(StateWriter w) {
        w.i32(kind);
        w.f64(anchorRate);
        w.f64(anchor);
        w.f64(level);
        w.f64(error);
        w.i64(age);
        w.f64(lastPhase);
        w.i64(periods);
        if (profile != null) {
            profile.write(w);
            spread.write(w);
        }
    }

    static SeasonCandidate read(StateReader r) {
        int kind = r.i32();
        double rate = r.f64();
        double anchor = r.f64();
        double level = r.f64();
        double error = r.f64();
        long age = r.i64();
        double lastPhase = r.f64();
        long periods = r.i64();
        SeasonalProfile profile = null;
        SeasonalProfile spread = null;
        if (kind != NONE) {
            profile = SeasonalProfile.read(r);
            spread = SeasonalProfile.read(r);
        }
        return new SeasonCandidate(kind, rate, profile, spread, anchor, level, error, age, lastPhase, periods);
    }
}
