package io.kizashi.datafeed.job;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in job files: a whole number and a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}). */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final long DAY_SECONDS = 86_400;

    private Durations() {
    }

    /** The duration, or empty when the text is not a number followed by one of ms, s, m, h, d. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    /** The shortest exact text for a duration: {@code 1d}, {@code 90m}, {@code 30s}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % DAY_SECONDS == 0) {
            return s / DAY_SECONDS + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** True when the span is a whole number of seconds that divides a day, so buckets align to UTC midnight. */
    public static boolean dividesDay(Duration span) {
        long ms = span.toMillis();
        return ms > 0 && ms % 1000 == 0 && DAY_SECONDS % (ms / 1000) == 0;
    }

    /** True when {@code d} is a positive whole multiple of {@code unit}. */
    public static boolean isMultiple(Duration d, Duration unit) {
        return d.toMillis() > 0 && unit.toMillis() > 0 && d.toMillis() % unit.toMillis() == 0;
    }
}
