package io.kizashi.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads corpora in the NAB layout. Unreadable rows (timestamp or value that does not parse, empty,
 * NaN or infinite) do not stop reading: they keep their place and are counted, and the runner never
 * passes them to a detector. Structural problems (no {@code data/}, no header, malformed labels,
 * windows that do not match rows) stop with a {@link CorpusFormatException} naming the path and the fix.
 */
public final class CorpusReader {

    /** Where NAB keeps the windows that scoring uses. */
    public static final String WINDOWS_FILE = "labels/combined_windows.json";
    /** Where NAB keeps its scoring profiles. */
    public static final String PROFILES_FILE = "config/profiles.json";

    private CorpusReader() {
    }

    /**
     * Reads {@code root/data/**.csv}, {@code root/labels/combined_windows.json} if present, and
     * {@code root/config/profiles.json} if present (else NAB's three profiles).
     */
    public static Corpus read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new CorpusFormatException("corpus directory " + root + " does not exist; pass the folder that holds "
                    + "data/<group>/<name>.csv and labels/combined_windows.json (for example the NAB repository's root)");
        }
        Path data = root.resolve("data");
        if (!Files.isDirectory(data)) {
            throw new CorpusFormatException("corpus " + root + " has no data/ folder; put the series in "
                    + data + "/<group>/<name>.csv with the header timestamp,value");
        }
        List<Path> csvs;
        try (Stream<Path> walk = Files.walk(data)) {
            csvs = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted(Comparator.comparing(p -> relativeName(data, p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + data, e);
        }
        if (csvs.isEmpty()) {
            throw new CorpusFormatException(data + " holds no .csv files; put the series in "
                    + data + "/<group>/<name>.csv with the header timestamp,value");
        }
        List<String> warnings = new ArrayList<>();
        Path windowsPath = root.resolve(WINDOWS_FILE);
        boolean labelled = Files.isRegularFile(windowsPath);
        Map<String, List<Window>> windows = labelled ? readWindows(windowsPath) : Map.of();
        if (!labelled) {
            warnings.add("no " + windowsPath + ": the corpus is run but not scored");
        }

        List<CorpusFile> files = new ArrayList<>(csvs.size());
        Map<String, Boolean> seen = new HashMap<>();
        for (Path csv : csvs) {
            String name = relativeName(data, csv);
            Series series = readSeries(csv, name);
            if (series.unreadableRows() > 0) {
                warnings.add("data/" + name + ": " + series.unreadableRows() + " unreadable row(s), first "
                        + series.firstProblem() + "; they are not passed to the detector and get anomaly score 0");
            }
            List<Window> raw = windows.get(name);
            seen.put(name, Boolean.TRUE);
            if (labelled && raw == null) {
                warnings.add("data/" + name + " has no entry in " + WINDOWS_FILE + ": it is run but not scored");
                files.add(new CorpusFile(series, List.of(), false));
            } else {
                files.add(new CorpusFile(series, labelled ? checkWindows(series, raw, windowsPath) : List.of(), labelled));
            }
        }
        for (String key : windows.keySet()) {
            if (!seen.containsKey(key)) {
                warnings.add(WINDOWS_FILE + " names '" + key + "', which is not a file under data/: its windows are ignored");
            }
        }
        Path profilesPath = root.resolve(PROFILES_FILE);
        List<CostProfile> profiles = Files.isRegularFile(profilesPath) ? CostProfile.read(profilesPath) : CostProfile.nab();
        return new Corpus(root, files, labelled, profiles, warnings);
    }

    /** The name NAB uses for a data file: its path below {@code data/} with '/' separators. */
    static String relativeName(Path base, Path file) {
        return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /**
     * Reads one {@code timestamp,value} CSV (columns found by header name; extra columns ignored;
     * blank lines skipped, as pandas does).
     */
    public static Series readSeries(Path csv, String name) {
        List<String> tText = new ArrayList<>();
        List<Instant> ts = new ArrayList<>();
        List<String> vText = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        String firstProblem = null;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            while (headerLine != null && headerLine.isBlank()) {
                headerLine = in.readLine();
            }
            if (headerLine == null) {
                throw new CorpusFormatException(csv + " is empty; a data file needs the header timestamp,value and one row per point");
            }
            List<String> header = Csv.split(headerLine);
            int tCol = Csv.column(header, "timestamp");
            int vCol = Csv.column(header, "value");
            if (tCol < 0 || vCol < 0) {
                throw new CorpusFormatException(csv + " has the header '" + headerLine
                        + "' but needs the columns timestamp and value; add the header line timestamp,value");
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = Csv.split(line);
                String t = tCol < f.size() ? f.get(tCol) : "";
                String v = vCol < f.size() ? f.get(vCol) : "";
                Instant instant = null;
                try {
                    instant = Timestamps.parse(t);
                } catch (IllegalArgumentException e) {
                    if (firstProblem == null) {
                        firstProblem = "at line " + lineNo + " (timestamp '" + t + "')";
                    }
                }
                double value = parseValue(v);
                if (!Double.isFinite(value) && firstProblem == null) {
                    firstProblem = "at line " + lineNo + " (value '" + v + "')";
                }
                tText.add(t);
                ts.add(instant);
                vText.add(v);
                vs.add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        double[] values = new double[vs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vs.get(i);
        }
        return new Series(name, tText.toArray(String[]::new), ts.toArray(Instant[]::new),
                vText.toArray(String[]::new), values, firstProblem);
    }

    /** A finite number, or NaN for anything else (empty, text, NaN, infinities). */
    static double parseValue(String text) {
        String s = text.strip();
        if (!isDecimal(s)) {
            return Double.NaN;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : Double.NaN;
    }

    // A plain decimal number ([+-]digits[.digits][e[+-]digits]) as pandas reads it; rejects the Java-only forms
    // Double.parseDouble would accept ("1d", hex floats, "Infinity").
    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isAsciiDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isAsciiDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Reads NAB's windows file: a JSON object mapping {@code "group/name.csv"} to a list of
     * {@code ["start", "end"]} timestamp pairs.
     */
    public static Map<String, List<Window>> readWindows(Path json) {
        String example = "{\"realKnownCause/nyc_taxi.csv\": [[\"2014-10-30 15:30:00.000000\", \"2014-11-03 22:30:00.000000\"]]}";
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException(json + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "); fix it so that it reads like " + example, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
        if (root == null || !root.isObject()) {
            throw new CorpusFormatException(json + " must be a JSON object mapping each data file to its windows, like " + example);
        }
        Map<String, List<Window>> windows = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String file = e.getKey();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw new CorpusFormatException(json + ": the entry for '" + file + "' must be a list of [start, end] pairs "
                        + "(an empty list [] if the file has no anomaly), like " + example);
            }
            List<Window> ws = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode pair = list.get(i);
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                    throw new CorpusFormatException(json + ": window " + (i + 1) + " of '" + file + "' is " + pair
                            + " but must be a pair of timestamp strings [start, end], like " + example);
                }
                try {
                    ws.add(new Window(Timestamps.parse(pair.get(0).asText()), Timestamps.parse(pair.get(1).asText())));
                } catch (IllegalArgumentException bad) {
                    throw new CorpusFormatException(json + ": window " + (i + 1) + " of '" + file + "': " + bad.getMessage(), bad);
                }
            }
            windows.put(file, ws);
        }
        return windows;
    }

    /**
     * Checks a file's windows against its rows, as NAB's labeller does: both ends must be timestamps
     * of rows, the end row must not come before the start row, and windows must not overlap.
     * Returns them sorted by their start row (NAB's scorer walks windows in that order).
     */
    static List<Window> checkWindows(Series series, List<Window> windows, Path windowsPath) {
        record Located(Window w, int first, int last) {
        }
        List<Located> located = new ArrayList<>();
        for (Window w : windows) {
            int first = firstRow(series, w.start());
            int last = firstRow(series, w.end());
            for (var end : List.of(Map.entry(w.start(), first), Map.entry(w.end(), last))) {
                if (end.getValue() < 0) {
                    throw new CorpusFormatException(windowsPath + ": window [" + w.start() + ", " + w.end() + "] of '"
                            + series.name() + "' ends at " + end.getKey() + ", which is not the timestamp of any row of data/"
                            + series.name() + "; window ends must equal row timestamps exactly");
                }
            }
            if (last < first) {
                throw new CorpusFormatException(windowsPath + ": window [" + w.start() + ", " + w.end() + "] of '"
                        + series.name() + "' ends at row " + (last + 1) + ", before its start row " + (first + 1)
                        + " (the file's time steps back); move the window so that its end follows its start in the file");
            }
            located.add(new Located(w, first, last));
        }
        located.sort(Comparator.comparingInt(Located::first));
        for (int i = 1; i < located.size(); i++) {
            Located a = located.get(i - 1);
            Located b = located.get(i);
            if (b.first() <= a.last()) {
                throw new CorpusFormatException(windowsPath + ": windows [" + a.w().start() + ", " + a.w().end() + "] and ["
                        + b.w().start() + ", " + b.w().end() + "] of '" + series.name()
                        + "' overlap or touch; merge them into one window");
            }
        }
        return located.stream().map(Located::w).toList();
    }

    private static int firstRow(Series series, Instant t) {
        for (int i = 0; i < series.size(); i++) {
            if (t.equals(series.timestamp(i))) {
                return i;
            }
        }
        return -1;
    }
}
