package io.kizashi.core.trend;

import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.testing.Synthetic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Slow drifts are found with the right slope, flat series are not, and forecasts reach a limit when the line says so. */
class TrendAndForecastTest {

    static final Instant START = Instant.parse("2026-04-06T00:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void memoryLeakDriftIsSignificantWithTheRightSlopeAndCrossingTime() {
        long seed = 41;
        double perMinute = 0.05; // +3 MB/hour on top of 500 MB, noise 2 MB
        int n = 60 * 36;
        Synthetic s = Synthetic.gaussian(seed, START, MINUTE, n, 2, i -> 500 + perMinute * i);
        SeriesModel m = SeriesModel.create(ModelConfig.defaults());
        for (int i = 0; i < n; i++) {
            m.observe(s.at(i), s.values[i]);
        }
        TrendEstimate t = m.trend();
        assertThat(t).isNotNull();
        assertThat(t.significant()).as("p=%s seed %d", t.pValue(), seed).isTrue();
        assertThat(t.slopePerHour()).as("slope per hour").isCloseTo(perMinute * 60, within(0.3));

        // the limit 700 MB is reached when 500 + 0.05 * i = 700, i.e. at minute 4000
        double limit = 700;
        Forecast f = m.forecast(60 * 48, 0.95, limit);
        assertThat(f.crossing()).isPresent();
        long minuteOfCrossing = Duration.between(START, f.crossing().orElseThrow()).toMinutes();
        assertThat(minuteOfCrossing).as("forecast crossing minute (truth 4000)").isBetween(3800L, 4200L);
        ForecastPoint last = f.points().getLast();
        assertThat(last.lower()).isLessThan(last.expected());
        assertThat(last.upper()).isGreaterThan(last.expected());
        // the interval widens with the horizon
        ForecastPoint first = f.points().getFirst();
        assertThat(last.upper() - last.lower()).isGreaterThan(first.upper() - first.lower());
    }

    @Test
    void flatNoisySeriesHasNoSignificantTrendAndNoCrossing() {
        int significant = 0;
        for (long seed = 42; seed < 52; seed++) {
            Synthetic s = Synthetic.gaussian(seed, START, MINUTE, 60 * 48, 5, i -> 300);
            SeriesModel m = SeriesModel.create(ModelConfig.defaults());
            for (int i = 0; i < s.size(); i++) {
                m.observe(s.at(i), s.values[i]);
            }
            if (m.trend().significant()) {
                significant++;
            }
            assertThat(m.forecast(600, 0.95, 400).crossing()).as("seed %d", seed).isEmpty();
        }
        // at the 1% level, ten flat series should give no significant trend (rarely one)
        assertThat(significant).isLessThanOrEqualTo(1);
    }

    @Test
    void forecastFollowsTheDailyRhythm() {
        Duration fiveMin = Duration.ofMinutes(5);
        Synthetic s = Synthetic.gaussian(43, START, fiveMin, 288 * 8, 1, i -> 50 + Synthetic.daily(START.plus(fiveMin.multipliedBy(i)), 20));
        SeriesModel m = SeriesModel.create(ModelConfig.defaults());
        for (int i = 0; i < s.size(); i++) {
            m.observe(s.at(i), s.values[i]);
        }
        Forecast f = m.forecast(288, 0.9, Double.NaN);
        double err = 0;
        for (ForecastPoint p : f.points()) {
            err += Math.abs(p.expected() - (50 + Synthetic.daily(p.timestamp(), 20)));
        }
        assertThat(err / f.points().size()).as("mean forecast error over the next day (amplitude 20)").isLessThan(2.0);
    }

    @Test
    void normalFunctionsMatchTables() {
        assertThat(Normal.upperTail(1.959964)).isCloseTo(0.025, within(1e-6));
        assertThat(Normal.upperTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959964, within(1e-5));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232, within(1e-5));
    }
}
