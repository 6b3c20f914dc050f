package io.kizashi.datafeed.job;

import io.kizashi.core.calendar.BusinessCalendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The business calendar of a metric: the zone its daily rhythm follows and local holidays.
 *
 * @param zone     e.g. Asia/Tokyo
 * @param holidays local dates that behave like Sundays
 */
public record CalendarSpec(ZoneId zone, SortedSet<LocalDate> holidays) {

    public static final CalendarSpec UTC = new CalendarSpec(ZoneOffset.UTC, null);

    public CalendarSpec {
        Objects.requireNonNull(zone, "zone");
        holidays = holidays == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(holidays));
    }

    /** The core's calendar. */
    public BusinessCalendar toBusinessCalendar() {
        return BusinessCalendar.of(zone, holidays);
    }
}
