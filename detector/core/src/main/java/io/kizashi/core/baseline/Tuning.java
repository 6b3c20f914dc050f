package io.kizashi.core.baseline;

/**
 * The baseline's constants: part of the one global default configuration, never set per series.
 * Rates are per bucket unless stated otherwise.
 */
final class Tuning {
    private Tuning() {
    }

    /** Smoothing rates of the competing fast levels; the one with the lowest recent error predicts. */
    static final double[] LEVEL_RATES = {0.02, 0.08, 0.25, 0.6};
    /** Rate at which a level's own error average moves (for choosing among the levels). */
    static final double LEVEL_ERROR_RATE = 0.05;
    /** The reported baseline uses the slowest level unless a faster one's long-memory error is below this fraction of it. */
    static final double REPORT_ERROR_RATE = 0.003;
    static final double REPORT_SWITCH = 0.8;
    /** Slow level of the non-seasonal candidate (and upper bound for the seasonal ones). */
    static final double SLOW_LEVEL_RATE = 0.02;
    /** Learning rate of a seasonal knot per visit (after the first periods' running average). */
    static final double SEASON_RATE = 0.2;
    /** Averaging rate of the candidates' one-step errors (model selection is deliberately slow). */
    static final double SEASON_ERROR_RATE = 0.003;
    /** A seasonal candidate is adopted when its error is below this fraction of the current one's. */
    static final double SEASON_ADOPT = 0.8;
    /**
     * The rhythm in use is kept until its error exceeds the alternative's by the same factor (1 / 0.8): kept
     * "until merely worse", spikes on a weak rhythm flipped it back and forth (up to 13 times in a NAB series).
     */
    static final double SEASON_KEEP = 1 / SEASON_ADOPT;
    /** Residuals beyond this many spreads are clipped before they teach the baseline. */
    static final double CLIP = 4.0;
    /** Spread rates: the fast one follows the forecast residual, the slow one the slow baseline's. */
    static final double SPREAD_RATE = 0.02;
    static final double SLOW_SPREAD_RATE = 0.005;
    /** A residual teaches the spread at most this many spreads (so an incident does not widen the band). */
    static final double SPREAD_CLIP = 3.0;
    /** Knots of the daily profile at most (15 minutes); a week has one knot per hour. */
    static final int DAILY_KNOTS = 96;
    static final int WEEKLY_KNOTS = 168;
    /** Periods of history needed before a seasonal candidate may be adopted. */
    static final double DAILY_MIN_DAYS = 2;
    static final double WEEKLY_MIN_DAYS = 14;
}
