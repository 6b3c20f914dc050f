package io.kizashi.precursor.train;

import io.kizashi.precursor.labels.IncidentWindow;
import io.kizashi.precursor.labels.Incidents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EventEvaluatorTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofMinutes(5);

    private static Instant at(int i) {
        return T0.plus(SPAN.multipliedBy(i));
    }

    /**
     * 288 buckets (one day) of one entity, horizon 6. Incident A at 100..110: alerts at 96, 97 (early, 20 min lead).
     * Incident B at 200..205: alert at 203 only (detected, not early). Incident C at 250..260: no alert.
     * Alerts at 20 and 22 (one false alarm event: 22 is within the horizon of 20) and at 40 (another).
     */
    @Test
    void handCountedEvents() {
        Incidents inc = new Incidents(List.of(
                new IncidentWindow("e", at(100), at(110), "A"),
                new IncidentWindow("e", at(200), at(205), "B"),
                new IncidentWindow("e", at(250), at(260), "C")));
        Instant[] ts = new Instant[288];
        boolean[] al = new boolean[288];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = at(i);
        }
        for (int i : new int[] {20, 22, 40, 96, 97, 203}) {
            al[i] = true;
        }
        EventReport r = new EventEvaluator(inc, SPAN, 6).evaluate(List.of(new EventEvaluator.EntityAlerts("e", ts, al)));
        assertThat(r.incidents()).isEqualTo(3);
        assertThat(r.earlyFlagged()).isEqualTo(1);
        assertThat(r.leadMinutes()).containsExactly(20.0);
        assertThat(r.detected()).isEqualTo(2);
        assertThat(r.alarms()).isEqualTo(4);          // 20 (22 merged), 40, 96 (97 merged), 203
        assertThat(r.falseAlarms()).isEqualTo(2);
        assertThat(r.entityDays()).isCloseTo(1.0, within(1e-12));
        assertThat(r.falseAlarmsPerEntityDay()).isCloseTo(2.0, within(1e-12));
        assertThat(r.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(r.earlyRecall()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(r.medianLeadMinutes()).isEqualTo(20.0);
    }

    @Test
    void anIncidentWhoseWarningWindowPrecedesTheDataIsNotCounted() {
        Incidents inc = new Incidents(List.of(new IncidentWindow("e", at(3), at(5), "early")));
        Instant[] ts = {at(0), at(1), at(2), at(3), at(4), at(5), at(6)};
        EventReport r = new EventEvaluator(inc, SPAN, 6).evaluate(List.of(new EventEvaluator.EntityAlerts("e", ts, new boolean[7])));
        assertThat(r.incidents()).isZero();
    }
}
