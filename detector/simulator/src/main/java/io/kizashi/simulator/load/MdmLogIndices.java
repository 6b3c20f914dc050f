package io.kizashi.simulator.load;

import io.kizashi.elasticsearch.IndexAdmin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The Filebeat-style daily log indices ({@code <prefix>YYYY.MM.DD}) and their index template. */
public final class MdmLogIndices {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    private MdmLogIndices() {
    }

    /** The mappings: ECS keyword fields, a date @timestamp, long durations/counters, text messages. */
    public static String mappings() {
        try (InputStream in = MdmLogIndices.class.getResourceAsStream("logs-mdm-mappings.json")) {
            if (in == null) {
                throw new IllegalStateException("logs-mdm-mappings.json is missing from the simulator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Template name for a prefix: {@code logs-mdm-} gives {@code logs-mdm}. */
    public static String templateName(String indexPrefix) {
        return indexPrefix.replaceAll("[-._]+$", "");
    }

    /** Installs (or replaces: idempotent) the index template for {@code <indexPrefix>*}. */
    public static void installTemplate(IndexAdmin admin, String indexPrefix, String refreshInterval) {
        admin.putIndexTemplate(templateName(indexPrefix), List.of(indexPrefix + "*"), 200,
            IndexAdmin.Settings.defaults().withRefreshInterval(refreshInterval), mappings());
    }

    /** The daily indices (UTC dates) that documents with timestamps in [from, to) go to. */
    public static List<String> dailyIndices(String indexPrefix, Instant from, Instant to) {
        List<String> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
            out.add(indexPrefix + d.format(DAY));
        }
        return out;
    }
}
