package io.kizashi.core.baseline;

import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * One explanation of the series' rhythm: a slow level plus, for the daily and weekly candidates, a
 * profile of the local day or week and the residual spread at each phase. A seasonal candidate's level
 * moves slower than its period (at most 2 / buckets-per-period per bucket), otherwise it would absorb
 * the season it is meant to reveal. Residuals are clipped at a multiple of the candidate's own error
 * scale before they teach it, so an incident barely moves the profile.
 */
final class SeasonCandidate {

    static final int NONE = 0;
    static final int DAILY = 1;
    static final int WEEKLY = 2;
    // the running-average rates 1 / (2 + age) and 1 / (1 + periods) fall below their fixed floors for good from
    // these counts on (with a margin far above rounding): the Math.max is then the floor, and the division (a slow
    // instruction, on every bucket of every candidate) is skipped - the same double either way
    private static final long FIXED_ERROR_RATE_AGE = (long) (1 / Tuning.SEASON_ERROR_RATE) + 1;
    private static final long FIXED_SEASON_RATE_PERIODS = (long) (1 / Tuning.SEASON_RATE) + 1;

    private final int kind;
    private final double levelRate;
    private final SeasonalProfile profile; // offsets and per-phase spread
    private double level;
    private double error;
    private long age;
    private double lastPhase = -1;
    private long periods;

    private SeasonCandidate(int kind, double levelRate, SeasonalProfile profile, double level, double error, long age) {
        this.kind = kind;
        this.levelRate = levelRate;
        this.profile = profile;
        this.level = level;
        this.error = error;
        this.age = age;
    }

    static SeasonCandidate create(int kind, int knots, double bucketsPerPeriod, double level) {
        boolean seasonal = kind != NONE;
        double rate = seasonal ? Math.min(Tuning.SLOW_LEVEL_RATE, 2.0 / bucketsPerPeriod) : Tuning.SLOW_LEVEL_RATE;
        return new SeasonCandidate(kind, rate, seasonal ? new SeasonalProfile(knots) : null, level, Double.NaN, 0);
    }

    int kind() {
        return kind;
    }

    double level() {
        return level;
    }

    double error() {
        return error;
    }

    double season(double phase) {
        return profile == null ? 0 : profile.at(phase);
    }

    /** Mean seasonal offset over the period (0 without a profile). */
    double meanOffset() {
        return profile == null ? 0 : profile.meanOffset();
    }

    /** Residual spread at this phase, or NaN for the non-seasonal candidate. */
    double phaseSpread(double phase) {
        return profile == null ? Double.NaN : profile.spreadAt(phase);
    }

    void shiftLevel(double delta) {
        level += delta;
    }

    void learn(double phase, double x, double floor) {
        double s = season(phase);
        double e = x - level - s;
        double scale = Double.isNaN(error) ? Math.abs(e) : error;
        double clip = Tuning.CLIP * Math.max(scale, floor);
        double errorRate = age < FIXED_ERROR_RATE_AGE ? Math.max(Tuning.SEASON_ERROR_RATE, 1.0 / (2 + age)) : Tuning.SEASON_ERROR_RATE;
        error = Double.isNaN(error) ? Math.abs(e) : error + errorRate * (Math.min(Math.abs(e), clip) - error);
        age++;
        level += levelRate * clamp(e, clip);
        if (profile != null) {
            if (phase < lastPhase) {
                periods++;
            }
            lastPhase = phase;
            double target = x - level;
            double ps = profile.spreadAt(phase);
            double pclip = Tuning.CLIP * Math.max(ps > 0 ? Math.max(ps, 0.25 * scale) : scale, floor);
            // weekly: a running average over the first weeks, then the fixed rate. A weekly knot is visited once
            // a week, so the fixed rate alone would need months to learn a weekday/weekend difference; daily
            // knots are visited often enough (and the benchmarks prefer the fixed rate there)
            double rate = kind == WEEKLY && periods < FIXED_SEASON_RATE_PERIODS ? Math.max(Tuning.SEASON_RATE, 1.0 / (1 + periods)) : Tuning.SEASON_RATE;
            profile.add(phase, clamp(target - s, pclip) * rate);
            profile.addSpread(phase, (Math.min(Math.abs(target - s), ps > 0 ? 2 * ps : pclip) - ps) * Tuning.SEASON_RATE * 0.5);
        }
    }

    private static double clamp(double v, double limit) {
        return v < -limit ? -limit : Math.min(v, limit);
    }

    void write(StateWriter w) {
        w.i32(kind);
        w.f64(levelRate);
        w.f64(level);
        w.f64(error);
        w.i64(age);
        w.f64(lastPhase);
        w.i64(periods);
        if (profile != null) {
            profile.write(w);
        }
    }

    static SeasonCandidate read(StateReader r) {
        int kind = r.i32();
        double rate = r.f64();
        double level = r.f64();
        double error = r.f64();
        long age = r.i64();
        double lastPhase = r.f64();
        long periods = r.i64();
        SeasonalProfile profile = kind != NONE ? SeasonalProfile.read(r) : null;
        SeasonCandidate c = new SeasonCandidate(kind, rate, profile, level, error, age);
        c.lastPhase = lastPhase;
        c.periods = periods;
        return c;
    }
}
