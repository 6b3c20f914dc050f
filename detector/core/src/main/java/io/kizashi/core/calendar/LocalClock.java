package io.kizashi.core.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Converts epoch seconds to local seasonal phases of a {@link BusinessCalendar}. Not thread-safe: each
 * series model owns one. The zone offset is cached until the next transition, so the common case costs
 * a comparison and a few arithmetic operations.
 */
public final class LocalClock {

    private static final long DAY = 86_400L;
    private static final long WEEK = 7 * DAY;

    private final BusinessCalendar calendar;
    private final ZoneRules rules;
    private final boolean fixed;
    // read once: asking the calendar's set on every bucket walks three wrapper objects
    private final boolean hasHolidays;
    private long validFrom = Long.MAX_VALUE;
    private long validUntil = Long.MIN_VALUE;
    private long offsetSeconds;

    LocalClock(BusinessCalendar calendar) {
        this.calendar = calendar;
        this.rules = calendar.zone().getRules();
        this.fixed = rules.isFixedOffset();
        this.hasHolidays = !calendar.holidays().isEmpty();
        if (fixed) {
            offsetSeconds = rules.getOffset(Instant.EPOCH).getTotalSeconds();
        }
    }

    /** Seconds since local midnight, in [0, 86400). */
    public long secondOfDay(long epochSecond) {
        return Math.floorMod(local(epochSecond), DAY);
    }

    /**
     * Seconds since local Monday 00:00, in [0, 604800). A holiday maps to the same time on Sunday, so it
     * follows the weekend profile.
     */
    public long secondOfWeek(long epochSecond) {
        long local = local(epochSecond);
        long days = Math.floorDiv(local, DAY);
        // 1970-01-01 was a Thursday (Monday-based index 3)
        long dow = Math.floorMod(days + 3, 7);
        if (hasHolidays && calendar.isHoliday(LocalDate.ofEpochDay(days))) {
            dow = 6;
        }
        return dow * DAY + Math.floorMod(local, DAY);
    }

    /** Phase of the local day in [0, 1). */
    public double dayPhase(long epochSecond) {
        return secondOfDay(epochSecond) / (double) DAY;
    }

    /** Phase of the local week (Monday 00:00 = 0) in [0, 1). */
    public double weekPhase(long epochSecond) {
        return secondOfWeek(epochSecond) / (double) WEEK;
    }

    private long local(long epochSecond) {
        if (!fixed && (epochSecond < validFrom || epochSecond >= validUntil)) {
            refresh(epochSecond);
        }
        return epochSecond + offsetSeconds;
    }

    private void refresh(long epochSecond) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        offsetSeconds = rules.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition prev = rules.previousTransition(at.plusSeconds(1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        validFrom = prev == null ? Long.MIN_VALUE : prev.getInstant().getEpochSecond();
        validUntil = next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond();
    }
}
