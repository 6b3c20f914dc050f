package io.kizashi.core.baseline;

import io.kizashi.core.calendar.LocalClock;
import io.kizashi.core.scoring.Limits;
import io.kizashi.core.state.StateReader;
import io.kizashi.core.state.StateWriter;

/**
 * Expected value and spread of a series, learned one bucket at a time.
 *
 * <p>Algorithm: additive decomposition {@code x = level + season + noise}. Three candidate explanations
 * of the rhythm learn in parallel (none, local daily profile, local weekly profile), each with a slow
 * level that moves slower than its period; the one with the clearly lowest one-step error is used
 * (hysteresis both ways, so neither an incident nor a run of spikes switches the model). On top of the
 * chosen season, four exponentially smoothed levels with different rates compete, and the one with the
 * lowest recent error gives the one-step forecast: a random-walk series gets a fast level, a stationary noisy
 * one a slow level. The spread is a clipped running mean absolute residual (so an incident does not widen its own band),
 * combined with the per-phase spread of the seasonal profile (busy hours are noisier than nights), and
 * never below half the series' resolution or, for counts, the Poisson spread.
 *
 * <p>Call {@link #prepare(long)} to get the forecast for a bucket, then {@link #learn(long, double)} with
 * its value. Deterministic; no clock; state is a fixed number of numbers.
 */
public final class SeasonalBaseline {

    private static final long FIXED_SLOW_SPREAD_RATE_N = (long) (1 / Tuning.SLOW_SPREAD_RATE) + 1;

    // per fast level j: the level at [3j], its error average at [3j + 1], its long-memory error at [3j + 2]. One array
    // rather than three: every bucket reads and writes all of them (one object and two dependent loads less)
    private static final int LEVEL = 0;
    private static final int LEVEL_ERROR = 1;
    private static final int REPORT_ERROR = 2;
    private static final int PER_LEVEL = 3;
    // the length of levels, as a constant: the per-bucket loops over the fast levels then have a known trip count, which
    // the JIT unrolls completely (bounded by levels.length, each ran as a general loop with pre- and post-loops for
    // its three or four iterations). read() accepts only states with this many levels, as every state has had
    private static final int LEVELS_LENGTH = PER_LEVEL * Tuning.LEVEL_RATES.length;
    // days > DAILY_MIN_DAYS and days > WEEKLY_MIN_DAYS, for days = seconds / 86400.0, compared in whole seconds (both
    // minimums are whole days): the same decisions without a division on every bucket
    private static final long DAILY_MIN_SECONDS = (long) (Tuning.DAILY_MIN_DAYS * 86_400);
    private static final long WEEKLY_MIN_SECONDS = (long) (Tuning.WEEKLY_MIN_DAYS * 86_400);

    private final boolean counts;
    private final double[] levels;
    // the three rhythms, as fields rather than an array: one dependent load less on every bucket
    private SeasonCandidate none;
    private SeasonCandidate daily;
    private SeasonCandidate weekly;
    private int active;
    private int reportedLevel;
    private double spread;
    private double slowSpread;
    private double resolution;
    private double lastValue;
    private long firstSecond;
    private long learned;
    private double bucketSeconds;
    private long seasonChanges;

    // forecast of the prepared bucket (not state)
    private long preparedAt = Long.MIN_VALUE;
    private double dayPhase;
    private double weekPhase;
    private double season;
    private double expected;
    private double reported;
    private double slowExpected;
    private double sigma;
    private double slowSigma;
    private double floor; // of the prepared forecast: learn() needs it again
    // deseasonalised level change of the last learn() (0 unless the rhythm in use changed there; not state)
    private double switchDelta;

    private SeasonalBaseline(boolean counts, double[] levels, SeasonCandidate none, SeasonCandidate daily, SeasonCandidate weekly,
                             int active, int reportedLevel, double spread, double slowSpread, double resolution, double lastValue,
                             long firstSecond, long learned, double bucketSeconds) {
        this.counts = counts;
        this.levels = levels;
        this.reportedLevel = reportedLevel;
        this.none = none;
        this.daily = daily;
        this.weekly = weekly;
        this.active = active;
        this.spread = spread;
        this.slowSpread = slowSpread;
        this.resolution = resolution;
        this.lastValue = lastValue;
        this.firstSecond = firstSecond;
        this.learned = learned;
        this.bucketSeconds = bucketSeconds;
    }

    /**
     * @param counts true for non-negative event counts (adds a Poisson floor to the spread)
     */
    public static SeasonalBaseline create(boolean counts) {
        return new SeasonalBaseline(counts, new double[PER_LEVEL * Tuning.LEVEL_RATES.length], null, null, null,
                SeasonCandidate.NONE, 0, 0, 0, Double.POSITIVE_INFINITY, Double.NaN, 0, 0, Double.NaN);
    }

    /** Number of values learned so far. */
    public long learned() {
        return learned;
    }

    /**
     * Sets the bucket spacing once it is known; it decides which seasonal candidates can exist (a daily
     * profile needs at least 12 buckets a day, a weekly one at least 4 a day).
     */
    public void setBucketSeconds(double seconds) {
        if (!Double.isNaN(bucketSeconds) || !(seconds > 0)) {
            return;
        }
        bucketSeconds = seconds;
        double perDay = 86_400 / seconds;
        double base = none == null ? 0 : none.level();
        if (perDay >= 12) {
            daily = SeasonCandidate.create(SeasonCandidate.DAILY, (int) Math.min(Tuning.DAILY_KNOTS, Math.round(perDay)), perDay, base);
        }
        if (perDay * 7 >= 28) {
            weekly = SeasonCandidate.create(SeasonCandidate.WEEKLY, Tuning.WEEKLY_KNOTS, perDay * 7, base);
        }
    }

    /** Computes the forecast for the bucket at {@code epochSecond} (no value: a gap). */
    public void prepare(long epochSecond, LocalClock clock) {
        prepare(epochSecond, clock, Double.NaN);
    }

    /**
     * Computes the forecast for the bucket at {@code epochSecond} whose value is {@code x}. The value only
     * refines the data's resolution (the smallest step seen, which floors the spread) before the bucket
     * is judged: without it, the first step of a flat series would be judged against a spread of zero.
     */
    public void prepare(long epochSecond, LocalClock clock, double x) {
        if (!Double.isNaN(x)) {
            if (!Double.isNaN(lastValue) && x != lastValue) {
                resolution = Limits.min(resolution, Math.abs(x - lastValue)); // Math.min's (an absolute value is never -0.0)
            }
            lastValue = x;
        }
        preparedAt = epochSecond;
        dayPhase = clock.dayPhase(epochSecond);
        weekPhase = clock.weekPhase(epochSecond);
        if (learned == 0) {
            season = expected = reported = slowExpected = Double.NaN;
            sigma = slowSigma = Double.NaN;
            return;
        }
        if (daily != null) {
            daily.prepare(dayPhase);
        }
        if (weekly != null) {
            weekly.prepare(weekPhase);
        }
        SeasonCandidate c = candidate(active);
        season = c.preparedSeason();
        // best, fastest and rep are offsets of a level's numbers in levels (PER_LEVEL * j). Selections rather than
        // branches: which level is best differs from series to series (in the benchmarks the first comparison goes
        // the other way in a quarter of the buckets), so a branch predictor cannot learn these comparisons
        int best = 0;
        for (int i = PER_LEVEL; i < LEVELS_LENGTH; i += PER_LEVEL) {
            best = levels[i + LEVEL_ERROR] < levels[best + LEVEL_ERROR] ? i : best;
        }
        expected = levels[best + LEVEL] + season;
        // the reported baseline stays on the slowest level unless a faster one is clearly better over a
        // long memory (a random walk), so a 30-minute incident does not pull the chart's expected value along
        int fastest = 0;
        for (int i = PER_LEVEL; i < LEVELS_LENGTH; i += PER_LEVEL) {
            fastest = levels[i + REPORT_ERROR] < levels[fastest + REPORT_ERROR] ? i : fastest;
        }
        int rep = levels[fastest + REPORT_ERROR] < Tuning.REPORT_SWITCH * levels[REPORT_ERROR] ? fastest : 0;
        reportedLevel = rep / PER_LEVEL;
        reported = levels[rep + LEVEL] + season;
        slowExpected = c.level() + season;
        double floor = floor(expected);
        this.floor = floor;
        double ps = c.preparedPhaseSpread();
        double fast = Double.isNaN(ps) ? spread : Math.sqrt(0.5 * (spread * spread + 1.5 * ps * ps));
        double slow = Double.isNaN(ps) ? slowSpread : Math.sqrt(0.5 * (slowSpread * slowSpread + 1.5 * ps * ps));
        // the floor is at least 1e-9 (or NaN once numbers overflowed), never a zero, and so are the clips made of it:
        // the Limits bounds against them here, in learn() and in the candidates are Math's, bit for bit
        sigma = Limits.max(fast, floor);
        slowSigma = Limits.max(slow, floor);
    }

    /** Learns the value of the prepared bucket. */
    public void learn(long epochSecond, double x) {
        if (epochSecond != preparedAt) {
            throw new IllegalStateException("learn(" + epochSecond + ") without prepare for that bucket");
        }
        lastValue = x;
        switchDelta = 0;
        if (learned == 0) {
            firstSecond = epochSecond;
            for (int i = 0; i < levels.length; i += PER_LEVEL) {
                levels[i + LEVEL] = x;
            }
            none = SeasonCandidate.create(SeasonCandidate.NONE, 0, 1, x);
            if (daily != null) {
                daily.shiftLevel(x - daily.level());
            }
            if (weekly != null) {
                weekly.shiftLevel(x - weekly.level());
            }
            learned = 1;
            return;
        }
        double e = x - expected;
        double eSlow = x - slowExpected;
        double clip = Tuning.CLIP * sigma;
        for (int j = 0, i = 0; i < LEVELS_LENGTH; j++, i += PER_LEVEL) {
            double ej = x - season - levels[i + LEVEL];
            double clipped = Limits.min(Math.abs(ej), clip);
            levels[i + LEVEL_ERROR] += Tuning.LEVEL_ERROR_RATE * (clipped - levels[i + LEVEL_ERROR]);
            levels[i + REPORT_ERROR] += Tuning.REPORT_ERROR_RATE * (clipped - levels[i + REPORT_ERROR]);
            levels[i + LEVEL] += Tuning.LEVEL_RATES[j] * Limits.clamp(ej, clip);
        }
        // n counts this value too; the first spreads are the first residuals, then a fixed rate (the slow spread
        // averages its first hundreds of residuals); while young, a residual may teach the spread up to 9 spreads.
        // Once 1 / n is below the slow rate for good, the division is skipped (the same double; see SeasonCandidate)
        long n = learned + 1;
        double slowRate = n < FIXED_SLOW_SPREAD_RATE_N ? Math.max(Tuning.SLOW_SPREAD_RATE, 1.0 / n) : Tuning.SLOW_SPREAD_RATE;
        double clipAt = Tuning.SPREAD_CLIP * (n < 30 ? 3 : 1);
        spread = n < 3 ? Math.abs(e) : spread + Tuning.SPREAD_RATE * (Limits.min(Math.abs(e) * 1.25, clipAt * sigma) - spread);
        slowSpread = n < 3 ? Math.abs(eSlow)
                : slowSpread + slowRate * (Limits.min(Math.abs(eSlow) * 1.25, clipAt * slowSigma) - slowSpread);
        // the floor of the prepared forecast (prepare() computed it for the same expected value and resolution)
        none.learn(dayPhase, x, floor);
        if (daily != null) {
            daily.learn(dayPhase, x, floor);
        }
        if (weekly != null) {
            weekly.learn(weekPhase, x, floor);
        }
        learned++;
        selectSeason(epochSecond);
    }

    private void selectSeason(long epochSecond) {
        long seconds = epochSecond - firstSecond;
        int next = SeasonCandidate.NONE;
        // hysteresis: adopted when clearly better, kept until clearly worse
        if (daily != null && seconds > DAILY_MIN_SECONDS
                && daily.error() < (active != SeasonCandidate.NONE ? Tuning.SEASON_KEEP : Tuning.SEASON_ADOPT) * none.error()) {
            next = SeasonCandidate.DAILY;
        }
        if (weekly != null && seconds > WEEKLY_MIN_SECONDS) {
            double rival = next == SeasonCandidate.DAILY ? Math.min(none.error(), daily.error()) : none.error();
            if (weekly.error() < (active == SeasonCandidate.WEEKLY ? Tuning.SEASON_KEEP : Tuning.SEASON_ADOPT) * rival) {
                next = SeasonCandidate.WEEKLY;
            }
        }
        if (next != active) {
            switchTo(next);
        }
    }

    // rare (a change of rhythm): kept out of selectSeason() so that the per-bucket path stays small
    private void switchTo(int next) {
        SeasonCandidate from = candidate(active);
        SeasonCandidate to = candidate(next);
        // keep the forecast continuous: the fast levels absorb the difference between the two seasons
        double delta = to.season(phaseOf(to)) - from.season(phaseOf(from));
        for (int i = 0; i < levels.length; i += PER_LEVEL) {
            levels[i + LEVEL] -= delta;
        }
        // a deseasonalised value moves by the old offset minus the new one; averaged over the period, by the
        // difference of the two profiles' means (a local level would also carry where in the cycle we are)
        switchDelta = from.meanOffset() - to.meanOffset();
        active = next;
        seasonChanges++;
    }

    /**
     * How far the deseasonalised level moved in the last {@link #learn}: the old rhythm's mean offset minus the
     * new one's when the rhythm in use changed there, else 0. A value minus a daily offset and the same value minus
     * no offset sit on different levels; whoever tracks deseasonalised values must move by this much.
     */
    public double lastSwitchDelta() {
        return switchDelta;
    }

    /** Number of times the rhythm in use changed (the residuals before a change describe another model). */
    public long seasonChanges() {
        return seasonChanges;
    }

    /**
     * Puts every level at {@code level} (deseasonalised): used after a confirmed level shift so the
     * baseline stands on the new level at once instead of drifting there for hours.
     */
    public void relevelTo(double level) {
        double delta = level - candidate(active).level();
        for (int i = 0; i < levels.length; i += PER_LEVEL) {
            levels[i + LEVEL] = level;
        }
        none.shiftLevel(delta);
        if (daily != null) {
            daily.shiftLevel(delta);
        }
        if (weekly != null) {
            weekly.shiftLevel(delta);
        }
    }

    /** The candidate of a kind (NONE, DAILY or WEEKLY); null when it does not exist (yet). */
    private SeasonCandidate candidate(int kind) {
        return kind == SeasonCandidate.WEEKLY ? weekly : kind == SeasonCandidate.DAILY ? daily : none;
    }

    private double phaseOf(SeasonCandidate c) {
        return c.kind() == SeasonCandidate.WEEKLY ? weekPhase : dayPhase;
    }

    private double floor(double around) {
        double f = Math.max(1e-9 * (Math.abs(around) + 1), Double.isInfinite(resolution) ? 0 : 0.5 * resolution);
        if (counts && around > 0) {
            f = Math.max(f, Math.sqrt(around));
        }
        return f;
    }

    /** One-step forecast of the prepared bucket (NaN before the first value). */
    public double expected() {
        return expected;
    }

    /** The baseline reported to users: like {@link #expected()} but slow to follow an incident. */
    public double reportedExpected() {
        return reported;
    }

    /** Forecast from the slow level: the reference for sustained shifts. */
    public double slowExpected() {
        return slowExpected;
    }

    /** Spread of the one-step residual (about one standard deviation for Gaussian noise). */
    public double sigma() {
        return sigma;
    }

    /** Spread of the residual against the slow baseline. */
    public double slowSigma() {
        return slowSigma;
    }

    /** Seasonal offset of the prepared bucket. */
    public double season() {
        return season;
    }

    /** Which rhythm is in use: "none", "daily" or "weekly". */
    public String seasonality() {
        return switch (active) {
            case SeasonCandidate.DAILY -> "daily";
            case SeasonCandidate.WEEKLY -> "weekly";
            default -> "none";
        };
    }

    /** Length of the rhythm in use in seconds: a day, a week, or 0 without one. */
    public long rhythmSeconds() {
        return switch (active) {
            case SeasonCandidate.DAILY -> 86_400;
            case SeasonCandidate.WEEKLY -> 604_800;
            default -> 0;
        };
    }

    /** Seasonal offset at a future instant (for forecasts), on the season in use. */
    public double seasonAt(long epochSecond, LocalClock clock) {
        SeasonCandidate c = candidate(active);
        if (c == null) {
            return 0;
        }
        return c.kind() == SeasonCandidate.WEEKLY ? c.season(clock.weekPhase(epochSecond))
                : c.season(clock.dayPhase(epochSecond));
    }

    /** Level of the season in use, without the seasonal offset (the deseasonalised slow level). */
    public double slowLevel() {
        SeasonCandidate c = candidate(active);
        return c == null ? Double.NaN : c.level();
    }

    public double bucketSeconds() {
        return bucketSeconds;
    }

    public void write(StateWriter w) {
        w.bool(counts);
        // the fast levels' numbers as three arrays (the layout of StateWriter.doubles), as the state has always had them
        writeLevels(w, LEVEL);
        writeLevels(w, LEVEL_ERROR);
        writeLevels(w, REPORT_ERROR);
        w.i32(active);
        w.i32(reportedLevel);
        w.f64(spread);
        w.f64(slowSpread);
        w.f64(resolution);
        w.f64(lastValue);
        w.i64(firstSecond);
        w.i64(learned);
        w.f64(bucketSeconds);
        w.i64(seasonChanges);
        for (SeasonCandidate c : new SeasonCandidate[] {none, daily, weekly}) {
            w.bool(c != null);
            if (c != null) {
                c.write(w);
            }
        }
    }

    private void writeLevels(StateWriter w, int field) {
        w.i32(levels.length / PER_LEVEL);
        for (int i = field; i < levels.length; i += PER_LEVEL) {
            w.f64(levels[i]);
        }
    }

    public static SeasonalBaseline read(StateReader r) {
        boolean counts = r.bool();
        double[] levelValues = r.doubles();
        double[] levelErrors = r.doubles();
        double[] reportErrors = r.doubles();
        if (levelErrors.length != levelValues.length || reportErrors.length != levelValues.length) {
            throw new io.kizashi.core.state.CorruptStateException("the baseline has " + levelValues.length + " fast levels but "
                    + levelErrors.length + " and " + reportErrors.length + " error averages; the state is damaged");
        }
        if (levelValues.length != Tuning.LEVEL_RATES.length) {
            throw new io.kizashi.core.state.CorruptStateException("the baseline has " + levelValues.length + " fast levels, expected "
                    + Tuning.LEVEL_RATES.length + "; the state is damaged");
        }
        double[] levels = new double[PER_LEVEL * levelValues.length];
        for (int j = 0; j < levelValues.length; j++) {
            levels[PER_LEVEL * j + LEVEL] = levelValues[j];
            levels[PER_LEVEL * j + LEVEL_ERROR] = levelErrors[j];
            levels[PER_LEVEL * j + REPORT_ERROR] = reportErrors[j];
        }
        int active = r.i32();
        int reportedLevel = r.i32();
        double spread = r.f64();
        double slowSpread = r.f64();
        double resolution = r.f64();
        double lastValue = r.f64();
        long firstSecond = r.i64();
        long learned = r.i64();
        double bucketSeconds = r.f64();
        long seasonChanges = r.i64();
        SeasonCandidate none = r.bool() ? SeasonCandidate.read(r) : null;
        SeasonCandidate daily = r.bool() ? SeasonCandidate.read(r) : null;
        SeasonCandidate weekly = r.bool() ? SeasonCandidate.read(r) : null;
        SeasonalBaseline b = new SeasonalBaseline(counts, levels, none, daily, weekly, active, reportedLevel,
                spread, slowSpread, resolution, lastValue, firstSecond, learned, bucketSeconds);
        b.seasonChanges = seasonChanges;
        return b;
    }
}
