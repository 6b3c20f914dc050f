package io.kizashi.core.baseline;

import io.kizashi.core.scoring.Limits;
import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * One explanation of the series' rhythm: a slow level plus, for the daily and weekly candidates, a
 * profile of the local day or week and the residual spread at each phase. A seasonal candidate's level
 * moves slower than its period (at most 2 / buckets-per-period per bucket), otherwise it would absorb
 * the season it is meant to reveal. Residuals are clipped at a multiple of the candidate's own error
 * scale before they teach it, so an incident barely moves the profile.
 *
 * <p>The profile is sampled at evenly spaced knots and read with linear interpolation, two curves in one
 * array: the seasonal offset and the residual spread at each phase. Knots are floats: seven significant
 * digits are more than any metric's seasonal shape needs, and they halve the state. In memory the two
 * curves are interleaved (offset and spread of a knot side by side), because every bucket reads and writes
 * both at the same phase: one cache line instead of two. The serialised form keeps the curves one after
 * the other (state format v1). The profile lives in the candidate itself rather than in an object of its
 * own: every bucket reads it, and one object less per candidate is one dependent load and one header less.
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
    // a weekly profile's rate over its first periods, Math.max(SEASON_RATE, 1.0 / (1 + periods)) computed once: a table
    // read instead of a division on every bucket of the first weeks (the same doubles)
    private static final double[] FIRST_PERIODS_RATE = new double[(int) FIXED_SEASON_RATE_PERIODS];

    static {
        for (int p = 0; p < FIRST_PERIODS_RATE.length; p++) {
            FIRST_PERIODS_RATE[p] = Math.max(Tuning.SEASON_RATE, 1.0 / (1 + p));
        }
    }

    private static final int OFFSET = 0;
    private static final int SPREAD = 1;

    private final int kind;
    private final double levelRate;
    private final float[] knots; // knot i: offset at [2i], spread at [2i + 1]; null for the non-seasonal candidate
    private final int k; // number of knots
    private double level;
    private double error;
    private long age;
    private double lastPhase = -1;
    private long periods;
    // the knots around the last phase looked up: a bucket reads and writes one phase several times (not state)
    private double locatedPhase = Double.NaN;
    private int i0;
    private int i1;
    private double frac;
    // the profile at the prepared bucket's phase (not state), read by prepare() so that the loads of the knots overlap
    // the judging of the bucket rather than stall learn()
    private double preparedOffset;
    private double preparedSpread;

    private SeasonCandidate(int kind, double levelRate, float[] knots, double level, double error, long age) {
        this.kind = kind;
        this.levelRate = levelRate;
        this.knots = knots;
        this.k = knots == null ? 0 : knots.length / 2;
        this.level = level;
        this.error = error;
        this.age = age;
    }

    static SeasonCandidate create(int kind, int knots, double bucketsPerPeriod, double level) {
        boolean seasonal = kind != NONE;
        double rate = seasonal ? Math.min(Tuning.SLOW_LEVEL_RATE, 2.0 / bucketsPerPeriod) : Tuning.SLOW_LEVEL_RATE;
        return new SeasonCandidate(kind, rate, seasonal ? new float[2 * knots] : null, level, Double.NaN, 0);
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

    /** Seasonal offset at a phase in [0, 1) (0 without a profile). */
    double season(double phase) {
        return knots == null ? 0 : read(OFFSET, phase);
    }

    /**
     * Mean seasonal offset over the period (0 without a profile): with evenly spaced knots and linear
     * interpolation, the knots' mean.
     */
    double meanOffset() {
        if (knots == null) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += knots[2 * i + OFFSET];
        }
        return sum / k;
    }

    /**
     * Reads the profile at the phase of the bucket about to be judged and learned: {@link #learn} uses these
     * values (nothing changes the knots in between), and the knots' cache lines are then fetched while the
     * bucket is judged.
     */
    void prepare(double phase) {
        if (knots != null) {
            preparedOffset = read(OFFSET, phase);
            preparedSpread = read(SPREAD, phase);
        }
    }

    /** Seasonal offset at the prepared phase (0 without a profile). */
    double preparedSeason() {
        return knots == null ? 0 : preparedOffset;
    }

    /** Residual spread at the prepared phase, or NaN for the non-seasonal candidate. */
    double preparedPhaseSpread() {
        return knots == null ? Double.NaN : preparedSpread;
    }

    void shiftLevel(double delta) {
        level += delta;
    }

    /** Learns the value of the bucket prepared at {@code phase} (see {@link #prepare}). */
    void learn(double phase, double x, double floor) {
        double s = preparedSeason();
        double e = x - level - s;
        double scale = Double.isNaN(error) ? Math.abs(e) : error;
        double clip = Tuning.CLIP * Limits.max(scale, floor);
        double errorRate = age < FIXED_ERROR_RATE_AGE ? Math.max(Tuning.SEASON_ERROR_RATE, 1.0 / (2 + age)) : Tuning.SEASON_ERROR_RATE;
        error = Double.isNaN(error) ? Math.abs(e) : error + errorRate * (Limits.min(Math.abs(e), clip) - error);
        age++;
        level += levelRate * clamp(e, clip);
        if (knots != null) {
            learnProfile(phase, x, s, scale, floor);
        }
    }

    // apart from learn() so that both stay small enough for the JIT to inline them into the baseline's learn()
    private void learnProfile(double phase, double x, double s, double scale, double floor) {
        if (phase < lastPhase) {
            periods++;
        }
        lastPhase = phase;
        double target = x - level;
        double ps = preparedSpread;
        double pclip = Tuning.CLIP * Limits.max(ps > 0 ? Math.max(ps, 0.25 * scale) : scale, floor);
        // weekly: a running average over the first weeks, then the fixed rate. A weekly knot is visited once
        // a week, so the fixed rate alone would need months to learn a weekday/weekend difference; daily
        // knots are visited often enough (and the benchmarks prefer the fixed rate there)
        double rate = kind == WEEKLY && periods < FIXED_SEASON_RATE_PERIODS ? FIRST_PERIODS_RATE[(int) periods] : Tuning.SEASON_RATE;
        // the offset and the spread at this phase move by the deltas, shared between the two neighbouring knots
        add(OFFSET, phase, clamp(target - s, pclip) * rate);
        // Math.min, not Limits.min: the residual is often above this cap (measured: slower with the comparison first)
        add(SPREAD, phase, (Math.min(Math.abs(target - s), ps > 0 ? 2 * ps : pclip) - ps) * Tuning.SEASON_RATE * 0.5);
    }

    private void locate(double phase) {
        if (phase != locatedPhase) {
            double p = phase * k;
            int i = Math.min((int) p, k - 1);
            frac = p - i;
            i0 = i;
            i1 = i + 1 == k ? 0 : i + 1;
            locatedPhase = phase;
        }
    }

    private double read(int curve, double phase) {
        locate(phase);
        return knots[2 * i0 + curve] * (1 - frac) + knots[2 * i1 + curve] * frac;
    }

    private void add(int curve, double phase, double delta) {
        locate(phase);
        knots[2 * i0 + curve] += (float) (delta * (1 - frac));
        knots[2 * i1 + curve] += (float) (delta * frac);
    }

    // not Limits.clamp: the two give other doubles on the overflowed values of the extreme scenarios (bitwise
    // comparison), and a profile's learning must stay as it is
    private static double clamp(double v, double limit) {
        return v < -limit ? -limit : Limits.min(v, limit);
    }

    void write(StateWriter w) {
        w.i32(kind);
        w.f64(levelRate);
        w.f64(level);
        w.f64(error);
        w.i64(age);
        w.f64(lastPhase);
        w.i64(periods);
        if (knots != null) {
            // the offsets, then the spreads (the v1 layout of StateWriter.floats)
            w.i32(knots.length);
            writeCurve(w, OFFSET);
            writeCurve(w, SPREAD);
        }
    }

    private void writeCurve(StateWriter w, int curve) {
        for (int i = 0; i < k; i++) {
            w.f32(knots[2 * i + curve]);
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
        if (periods < 0) {
            throw new io.kizashi.core.state.CorruptStateException("a seasonal candidate has seen " + periods + " periods; the state is damaged");
        }
        float[] knots = kind != NONE ? readKnots(r) : null;
        SeasonCandidate c = new SeasonCandidate(kind, rate, knots, level, error, age);
        c.lastPhase = lastPhase;
        c.periods = periods;
        return c;
    }

    private static float[] readKnots(StateReader r) {
        float[] curves = r.floats();
        if (curves.length % 2 != 0) {
            throw new io.kizashi.core.state.CorruptStateException("a seasonal profile needs an even number of knots, got " + curves.length);
        }
        int k = curves.length / 2;
        float[] knots = new float[curves.length];
        for (int i = 0; i < k; i++) {
            knots[2 * i + OFFSET] = curves[i];
            knots[2 * i + SPREAD] = curves[k + i];
        }
        return knots;
    }
}
