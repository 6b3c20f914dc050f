package io.kizashi.alerting.rules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A silence or maintenance window: while it is active, alerts whose labels match do not start firing
 * (they wait in pending and fire when it ends if still active). Alerts already firing keep firing.
 *
 * @param name     unique name, shown as the reason an alert is held
 * @param comment  why (who asked, ticket)
 * @param matchers over alert labels (alertname, severity, job, metric, split labels, rule labels); all must match
 * @param schedule when it is active
 * @param source   the file it came from
 */
public record Silence(String name, String comment, List<LabelMatcher> matchers, Schedule schedule, String source) {

    public Silence {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a silence needs a name");
        }
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("silence '" + name + "' needs at least one matcher (an empty one would silence everything)");
        }
        Objects.requireNonNull(schedule, "schedule");
    }

    /** True when active at {@code t} and every matcher matches the labels. */
    public boolean silences(Map<String, String> labels, Instant t) {
        return schedule.activeAt(t) && matchers.stream().allMatch(m -> m.matches(labels.get(m.name())));
    }

    /** When a silence is active. */
    public sealed interface Schedule {
        boolean activeAt(Instant t);
    }

    /** Active in [{@code start}, {@code end}). */
    public record Once(Instant start, Instant end) implements Schedule {
        public Once {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("silence ends_at " + end + " must be after starts_at " + start);
            }
        }

        @Override
        public boolean activeAt(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /**
     * Active on the given days from {@code from} (inclusive) to {@code to} (exclusive) local time in
     * {@code zone}; a window whose {@code to} is not after {@code from} runs past midnight into the next day
     * (the day listed is the day it starts).
     */
    public record Weekly(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) implements Schedule {
        public Weekly {
            days = Set.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly window needs at least one day");
            }
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public boolean activeAt(Instant t) {
            ZonedDateTime local = t.atZone(zone);
            LocalTime time = local.toLocalTime();
            if (to.isAfter(from)) {
                return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
            }
            // Past midnight: the evening part belongs to today, the morning part to yesterday's window.
            return (days.contains(local.getDayOfWeek()) && !time.isBefore(from))
                || (days.contains(local.getDayOfWeek().minus(1)) && time.isBefore(to));
        }
    }
}
