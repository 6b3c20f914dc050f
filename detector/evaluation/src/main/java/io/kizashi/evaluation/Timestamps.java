package io.kizashi.evaluation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses corpus timestamps: NAB's {@code 2014-04-01 00:00:00} (optionally with fractional seconds,
 * as in its label files) and ISO-8601 ({@code 2014-04-01T00:00:00Z}, with or without an offset).
 * A timestamp without an offset is taken as UTC, which is what NAB's files mean.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * Parses one timestamp.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Instant parse(String text) {
        String s = text == null ? "" : text.strip();
        Instant fast = parseNabForm(s);
        if (fast != null) {
            return fast;
        }
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(s);
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
                return Instant.from(t);
            }
            return LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable timestamp '" + text
                    + "'; expected 'yyyy-MM-dd HH:mm:ss[.ffffff]' (UTC) or ISO-8601 such as 2014-04-01T00:00:00Z", e);
        }
    }

    // The form of every NAB row, parsed by hand: the general formatter is ten times slower and corpora have
    // hundreds of thousands of rows. Returns null for anything else (the formatter then decides).
    private static Instant parseNabForm(String s) {
        int n = s.length();
        if (n < 19 || (s.charAt(10) != ' ' && s.charAt(10) != 'T') || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (n > 19) {
            if (s.charAt(19) != '.' || n == 20 || n > 29) {
                return null;
            }
            for (int i = 20; i < 29; i++) {
                int d = i < n ? digit(s, i) : 0;
                if (d < 0) {
                    return null;
                }
                nanos = nanos * 10 + d;
            }
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 7);
        int day = number(s, 8, 10);
        int hour = number(s, 11, 13);
        int minute = number(s, 14, 16);
        int second = number(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = digit(s, i);
            if (d < 0) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
