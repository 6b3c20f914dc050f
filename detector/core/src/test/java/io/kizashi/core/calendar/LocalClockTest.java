package io.kizashi.core.calendar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Local phases follow the wall clock across daylight-saving changes; holidays behave like Sundays. */
class LocalClockTest {

    @Test
    void tokyoHasAFixedNineHourOffset() {
        LocalClock c = BusinessCalendar.of(ZoneId.of("Asia/Tokyo")).clock();
        long utcMidnight = ZonedDateTime.parse("2026-06-01T00:00:00Z").toEpochSecond(); // Monday 09:00 in Tokyo
        assertThat(c.secondOfDay(utcMidnight)).isEqualTo(9 * 3600);
        assertThat(c.secondOfWeek(utcMidnight)).isEqualTo(9 * 3600);
    }

    @Test
    void nineOClockIsTheSamePhaseBeforeAndAfterDaylightSaving() {
        ZoneId ny = ZoneId.of("America/New_York");
        LocalClock c = BusinessCalendar.of(ny).clock();
        // 2026-03-08 is the spring-forward Sunday in New York
        long before = ZonedDateTime.of(2026, 3, 6, 9, 0, 0, 0, ny).toEpochSecond();
        long after = ZonedDateTime.of(2026, 3, 9, 9, 0, 0, 0, ny).toEpochSecond();
        assertThat(c.secondOfDay(before)).isEqualTo(9 * 3600);
        assertThat(c.secondOfDay(after)).isEqualTo(9 * 3600);
        // and in UTC these are different hours (14:00 vs 13:00)
        assertThat(Math.floorMod(before, 86400)).isNotEqualTo(Math.floorMod(after, 86400));
        // going back in time after a later transition still refreshes the cached offset
        long autumn = ZonedDateTime.of(2026, 11, 2, 9, 0, 0, 0, ny).toEpochSecond();
        assertThat(c.secondOfDay(autumn)).isEqualTo(9 * 3600);
        assertThat(c.secondOfDay(before)).isEqualTo(9 * 3600);
    }

    @Test
    void holidaysFollowTheSundayProfile() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDate holiday = LocalDate.of(2026, 5, 4); // a Monday, Greenery Day
        LocalClock c = BusinessCalendar.of(tokyo, Set.of(holiday)).clock();
        long tenAm = ZonedDateTime.of(2026, 5, 4, 10, 0, 0, 0, tokyo).toEpochSecond();
        assertThat(c.secondOfWeek(tenAm)).isEqualTo(6 * 86400 + 10 * 3600);
        long nextDay = ZonedDateTime.of(2026, 5, 5, 10, 0, 0, 0, tokyo).toEpochSecond() + 86400 * 0;
        assertThat(c.secondOfWeek(nextDay) / 86400).isEqualTo(1); // Tuesday is not a holiday here
    }
}
