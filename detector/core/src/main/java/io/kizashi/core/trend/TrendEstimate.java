package io.kizashi.core.trend;

import java.time.Instant;

/**
 * The current linear trend of a series' deseasonalised level.
 *
 * @param slopePerSecond  change of the level per second (least squares on block means)
 * @param slopeStdError   standard error of the slope, inflated for autocorrelated blocks
 * @param pValue          two-sided Mann-Kendall p-value that there is no monotone trend
 * @param level           trend line at {@code asOf}
 * @param residualSd      spread of block means around the line
 * @param windowStart     first block used
 * @param asOf            end of the last complete block
 * @param blocks          number of blocks used
 */
public record TrendEstimate(double slopePerSecond, double slopeStdError, double pValue, double level, double residualSd,
                            Instant windowStart, Instant asOf, int blocks) {

    /** Significance level below which a trend is reported. */
    public static final double SIGNIFICANCE = 0.01;

    /** True when the trend is statistically significant and moves the level by more than its noise over the window. */
    public boolean significant() {
        double span = asOf.getEpochSecond() - windowStart.getEpochSecond();
        return pValue < SIGNIFICANCE && Math.abs(slopePerSecond) * span > residualSd;
    }

    public double slopePerHour() {
        return slopePerSecond * 3600;
    }

    /** The slope used for forecasting: the estimate when significant, otherwise no trend. */
    public double forecastSlope() {
        return significant() ? slopePerSecond : 0;
    }
}
