package io.kizashi.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The local calendar a series' business rhythm follows. Buckets stay in UTC (no daylight-saving gaps or
 * doubled hours in the data); only the seasonal phase is read on the local clock, because people start
 * work at 09:00 local time whatever the UTC offset is that day. Holidays behave like Sundays.
 *
 * @param zone     the zone of the business (e.g. Asia/Tokyo); UTC when the rhythm is not human
 * @param holidays local dates that follow the Sunday profile
 */
public record BusinessCalendar(ZoneId zone, SortedSet<LocalDate> holidays) {

    public static final BusinessCalendar UTC = new BusinessCalendar(ZoneOffset.UTC, new TreeSet<>());

    public BusinessCalendar {
        Objects.requireNonNull(zone, "zone");
        holidays = holidays == null ? new TreeSet<>() : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(holidays));
    }

    public static BusinessCalendar of(ZoneId zone, Set<LocalDate> holidays) {
        return new BusinessCalendar(zone, holidays == null ? null : new TreeSet<>(holidays));
    }

    public static BusinessCalendar of(ZoneId zone) {
        return new BusinessCalendar(zone, null);
    }

    /**
     * A cursor that converts instants to local phases, caching the zone offset between transitions. A
     * fixed-offset calendar's clock has no mutable state, so one instance is shared by every series (a
     * replica holds 100,000 of them); a zone with transitions gets its own cursor per caller.
     */
    public LocalClock clock() {
        if (zone.getRules().isFixedOffset()) {
            return SHARED.computeIfAbsent(this, LocalClock::new);
        }
        return new LocalClock(this);
    }

    private static final java.util.concurrent.ConcurrentHashMap<BusinessCalendar, LocalClock> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    boolean isHoliday(LocalDate date) {
        return !holidays.isEmpty() && holidays.contains(date);
    }

    static int mondayBasedDay(DayOfWeek d) {
        return d.getValue() - 1;
    }
}
