package io.kizashi.precursor.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The incidents of a set of entities, and the training target derived from them. Reads a CSV file
 * ({@code entity,start,end[,id]}), a JSON list ({@code [{"entity":..,"start":..,"end":..,"id":..}]}) or a
 * segments file mapping {@code "<split>/<entity>.csv"} to {@code [[start, end], ...]} (the ASD/NAB labels
 * layout). Times are ISO-8601 instants or {@code yyyy-MM-dd HH:mm:ss[.SSSSSS]} in UTC.
 */
public final class Incidents {

    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");
    private final Map<String, List<IncidentWindow>> byEntity = new TreeMap<>();

    public Incidents(List<IncidentWindow> incidents) {
        for (IncidentWindow w : incidents) {
            byEntity.computeIfAbsent(w.entity(), k -> new ArrayList<>()).add(w);
        }
        byEntity.values().forEach(l -> l.sort(Comparator.comparing(IncidentWindow::start)));
    }

    /** The incidents of one entity, by start (empty when it had none). */
    public List<IncidentWindow> of(String entity) {
        return List.copyOf(byEntity.getOrDefault(entity, List.of()));
    }

    public List<IncidentWindow> all() {
        return byEntity.values().stream().flatMap(List::stream).toList();
    }

    /** The same incidents restricted to these entities. */
    public Incidents only(java.util.Collection<String> entities) {
        return new Incidents(all().stream().filter(w -> entities.contains(w.entity())).toList());
    }

    /**
     * The precursor target at bucket {@code t}: an incident of the entity starts in (t, t + horizon * span].
     */
    public boolean startsWithin(String entity, Instant t, Duration span, int horizon) {
        Instant until = t.plus(span.multipliedBy(horizon));
        for (IncidentWindow w : byEntity.getOrDefault(entity, List.of())) {
            if (w.start().isAfter(t) && !w.start().isAfter(until)) {
                return true;
            }
        }
        return false;
    }

    /** True when t lies inside one of the entity's incidents. */
    public boolean during(String entity, Instant t) {
        for (IncidentWindow w : byEntity.getOrDefault(entity, List.of())) {
            if (w.covers(t)) {
                return true;
            }
        }
        return false;
    }

    /** Reads a CSV, JSON list or segments file (see the class comment); the format is chosen by content. */
    public static Incidents read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read incidents file " + file, e);
        }
        String t = text.strip();
        try {
            if (t.startsWith("{") || t.startsWith("[")) {
                return fromJson(new ObjectMapper().readTree(t), file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("incidents file " + file + " is not valid JSON: " + e.getMessage());
        }
        return fromCsv(t, file);
    }

    private static Incidents fromJson(JsonNode root, Path file) {
        List<IncidentWindow> out = new ArrayList<>();
        if (root.isArray()) {
            int i = 0;
            for (JsonNode n : root) {
                String where = file + " item " + i++;
                out.add(new IncidentWindow(text(n, "entity", where), time(text(n, "start", where), where),
                        time(text(n, "end", where), where), n.path("id").asText(null)));
            }
            return new Incidents(out);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String entity = entityOfFile(e.getKey());
            int i = 0;
            for (JsonNode pair : e.getValue()) {
                String where = file + " " + e.getKey() + " item " + i++;
                if (!pair.isArray() || pair.size() != 2) {
                    throw new IllegalArgumentException(where + " must be a [start, end] pair of timestamps");
                }
                out.add(new IncidentWindow(entity, time(pair.get(0).asText(), where), time(pair.get(1).asText(), where),
                        entity + "#" + i));
            }
        }
        return new Incidents(out);
    }

    private static Incidents fromCsv(String text, Path file) {
        List<IncidentWindow> out = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("entity"))) {
                continue;
            }
            String[] c = line.split(",", -1);
            String where = file + " line " + (i + 1);
            if (c.length < 3) {
                throw new IllegalArgumentException(where + " must be entity,start,end[,id], got '" + line + "'");
            }
            out.add(new IncidentWindow(c[0].strip(), time(c[1].strip(), where), time(c[2].strip(), where),
                    c.length > 3 ? c[3].strip() : null));
        }
        return new Incidents(out);
    }

    /** "test/omi-1.csv" -> "omi-1". */
    static String entityOfFile(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + " needs a text field '" + field + "'");
        }
        return v.asText();
    }

    /** Parses an ISO instant or a plain UTC timestamp. */
    public static Instant time(String s, String where) {
        try {
            if (s.endsWith("Z") || s.contains("T")) {
                return Instant.parse(s);
            }
            return LocalDateTime.parse(s, PLAIN).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": '" + s + "' is not a timestamp; use 2019-01-31T00:05:00Z or 2019-01-31 00:05:00");
        }
    }
}
