package io.kizashi.datafeed.job;

import io.kizashi.config.YamlTree;
import io.kizashi.config.ConfigError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a job's YAML tree into a {@link JobSpec}, strictly: unknown keys, wrong types and bad values
 * are all reported (every one of them, with path, value and fix) instead of stopping at the first.
 */
final class JobParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] ROOT = {"job_id", "description", "source", "split", "calendar", "metrics",
        "delayed_data_check", "pull"};
    private static final String[] SOURCE = {"indices", "time_field", "filter", "bucket_span", "query_delay", "frequency",
        "start", "lookback"};
    private static final String[] SPLIT = {"by", "max_series", "series_ttl"};
    private static final String[] CALENDAR = {"zone", "holidays"};
    private static final String[] METRIC = {"name", "description", "function", "field", "filter", "percentile",
        "numerator", "denominator", "precision_threshold", "detect"};
    private static final String[] DETECT = {"anomaly", "trend_limit", "alert_score", "calendar"};
    private static final String[] DELAYED = {"enabled", "window", "frequency", "rescore"};
    private static final String[] PULL = {"page_size", "max_buckets", "max_chunk", "request_timeout", "retries",
        "retry_backoff", "pause_backoff", "max_pause"};

    /** Names people reach for, mapped to the advice that gets them there. */
    private static final Map<String, String> FUNCTION_HINTS = Map.ofEntries(
        Map.entry("avg", "use function: mean"),
        Map.entry("average", "use function: mean"),
        Map.entry("median", "use function: percentile with percentile: 50"),
        Map.entry("p50", "use function: percentile with percentile: 50"),
        Map.entry("p90", "use function: percentile with percentile: 90"),
        Map.entry("p95", "use function: percentile with percentile: 95"),
        Map.entry("p99", "use function: percentile with percentile: 99"),
        Map.entry("percentiles", "use function: percentile with percentile: 95 (one metric per percentile)"),
        Map.entry("cardinality", "use function: distinct_count"),
        Map.entry("distinct", "use function: distinct_count"),
        Map.entry("unique_count", "use function: distinct_count"),
        Map.entry("error_rate", "use function: ratio with numerator (the errors) and denominator (all requests)"),
        Map.entry("high_count", "use function: count; the direction of alerts is the detector's business"),
        Map.entry("low_count", "use function: count; the direction of alerts is the detector's business"),
        Map.entry("sum_rate", "use function: rate with a field"),
        Map.entry("non_zero", "use function: non_zero_count"));

    private final String file;
    private final YamlTree tree;
    private final List<ConfigError> errors;
    /** The job's bucket span once read and valid (even if other source fields are not), for the checks that depend on it. */
    private Duration span;

    JobParser(String file, YamlTree tree, List<ConfigError> errors) {
        this.file = file;
        this.tree = tree;
        this.errors = errors;
    }

    /** The job, or null when any error was found (they are in the error list). */
    JobSpec parse(JsonNode root) {
        if (root == null) {
            return null;
        }
        if (!root.isObject()) {
            error("", root, "a job file must be a mapping with job_id, source and metrics");
            return null;
        }
        int before = errors.size();
        Obj o = new Obj("", root, ROOT);
        String id = o.string("job_id", true, "mdm-request-rate");
        if (id != null && !JobSpec.ID.matcher(id).matches()) {
            error(o.path("job_id"), o.get("job_id"), "a job_id is lower-case letters, digits, '-' and '_' (at most 64, "
                + "starting with a letter or digit), e.g. mdm-request-rate");
            id = null;
        }
        String description = o.string("description", false, null);
        SourceSpec source = source(o.object("source", true));
        SplitSpec split = split(o.object("split", false), span);
        CalendarSpec calendar = calendar(o.object("calendar", false));
        List<MetricSpec> metrics = metrics(o);
        DelayedDataCheckSpec delayed = delayed(o.object("delayed_data_check", false), span);
        PullSpec pull = pull(o.object("pull", false));
        o.finish();
        if (errors.size() > before) {
            return null;
        }
        try {
            return new JobSpec(id, description, source, split, calendar, metrics, delayed, pull);
        } catch (IllegalArgumentException | NullPointerException e) {
            // The checks above mirror the records' own; this is a safety net, not the normal path.
            error("", null, e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ sections

    private SourceSpec source(Obj o) {
        if (o == null) {
            return null;
        }
        int before = errors.size();
        List<String> indices = o.strings("indices", true, "logs-mdm-*");
        String timeField = o.string("time_field", false, null);
        QueryDsl filter = o.query("filter");
        Duration span = o.duration("bucket_span", null, true, "1m");
        if (span != null && !Durations.dividesDay(span)) {
            error(o.path("bucket_span"), o.get("bucket_span"), "bucket_span must be a whole number of seconds that divides a day "
                + "(so buckets align to UTC midnight), e.g. 1m, 5m, 15m, 1h");
            span = null;
        }
        this.span = span;
        Duration delay = o.duration("query_delay", SourceSpec.DEFAULT_QUERY_DELAY, false, "1m");
        Duration frequency = o.duration("frequency", null, false, "1m");
        if (frequency != null && span != null && !Durations.isMultiple(frequency, span)) {
            error(o.path("frequency"), o.get("frequency"), "frequency must be a whole multiple of bucket_span ("
                + Durations.format(span) + "): only complete buckets are pulled, so polling more often finds nothing new; e.g. "
                + Durations.format(span) + " or " + Durations.format(span.multipliedBy(5)));
        }
        Instant start = o.instant("start");
        if (start != null && span != null && start.toEpochMilli() % span.toMillis() != 0) {
            error(o.path("start"), o.get("start"), "start must be on a bucket boundary (a multiple of bucket_span "
                + Durations.format(span) + " from UTC midnight), e.g. "
                + Instant.ofEpochMilli(Math.floorDiv(start.toEpochMilli(), span.toMillis()) * span.toMillis()));
        }
        Duration lookback = o.duration("lookback", SourceSpec.DEFAULT_LOOKBACK, false, "7d");
        if (lookback != null && span != null && lookback.compareTo(span) < 0) {
            error(o.path("lookback"), o.get("lookback"), "lookback must be at least one bucket_span (" + Durations.format(span) + ")");
        }
        o.finish();
        if (errors.size() > before || span == null) {
            return null;
        }
        return new SourceSpec(indices, timeField == null ? SourceSpec.DEFAULT_TIME_FIELD : timeField, filter, span, delay,
            frequency, start, lookback);
    }

    private SplitSpec split(Obj o, Duration span) {
        if (o == null) {
            return SplitSpec.NONE;
        }
        int before = errors.size();
        List<String> by = o.strings("by", false, "service.name");
        if (by == null) {
            by = List.of();
        }
        if (by.size() > SplitSpec.MAX_FIELDS) {
            error(o.path("by"), o.get("by"), "at most " + SplitSpec.MAX_FIELDS + " split fields: every extra field multiplies the "
                + "number of series; split by fewer fields or make another job");
        }
        if (new LinkedHashSet<>(by).size() != by.size()) {
            error(o.path("by"), o.get("by"), "split fields must be distinct: remove the repeated one");
        }
        Integer max = o.integer("max_series", SplitSpec.DEFAULT_MAX_SERIES, 1, SplitSpec.LIMIT_MAX_SERIES);
        Duration ttl = o.duration("series_ttl", SplitSpec.DEFAULT_SERIES_TTL, false, "7d");
        if (ttl != null && span != null && ttl.compareTo(span) < 0) {
            error(o.path("series_ttl"), o.get("series_ttl"), "series_ttl must be at least one bucket_span (" + Durations.format(span) + ")");
        }
        o.finish();
        if (errors.size() > before) {
            return null;
        }
        return new SplitSpec(by, max, ttl);
    }

    private CalendarSpec calendar(Obj o) {
        if (o == null) {
            return null;
        }
        int before = errors.size();
        ZoneId zone = null;
        String z = o.string("zone", true, "Asia/Tokyo");
        if (z != null) {
            try {
                zone = ZoneId.of(z);
            } catch (DateTimeException e) {
                error(o.path("zone"), o.get("zone"), "unknown time zone: use a region id such as Asia/Tokyo, Europe/Paris or UTC");
            }
        }
        TreeSet<LocalDate> holidays = new TreeSet<>();
        JsonNode h = o.get("holidays");
        if (h != null && !h.isNull()) {
            if (!h.isArray()) {
                error(o.path("holidays"), h, "holidays is a list of dates, e.g. [2025-01-01, 2025-05-05]");
            } else {
                for (int i = 0; i < h.size(); i++) {
                    JsonNode d = h.get(i);
                    try {
                        holidays.add(LocalDate.parse(d.asText()));
                    } catch (DateTimeParseException e) {
                        error(o.path("holidays") + "[" + i + "]", d, "a holiday is a date written YYYY-MM-DD, e.g. 2025-01-01");
                    }
                }
            }
        }
        o.finish();
        return errors.size() > before ? null : new CalendarSpec(zone, holidays);
    }

    private List<MetricSpec> metrics(Obj root) {
        JsonNode list = root.get("metrics");
        String path = root.path("metrics");
        if (list == null || list.isNull()) {
            error(path, null, "missing: a job needs at least one metric, e.g. metrics: [{name: requests, function: count}]");
            return List.of();
        }
        if (!list.isArray()) {
            error(path, list, "metrics is a list: start each metric with '- name: ...'");
            return List.of();
        }
        if (list.isEmpty() || list.size() > JobSpec.MAX_METRICS) {
            error(path, null, "a job has 1.." + JobSpec.MAX_METRICS + " metrics, found " + list.size());
        }
        List<MetricSpec> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode n = list.get(i);
            if (!n.isObject()) {
                error(p, n, "a metric is a mapping with name and function, e.g. {name: requests, function: count}");
                continue;
            }
            MetricSpec m = metric(new Obj(p, n, METRIC));
            if (m != null) {
                if (!names.add(m.name())) {
                    error(p + ".name", n.get("name"), "metric names must be unique within a job: rename one of them");
                } else {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private MetricSpec metric(Obj o) {
        int before = errors.size();
        String name = o.string("name", true, "requests");
        if (name != null && !MetricSpec.NAME.matcher(name).matches()) {
            error(o.path("name"), o.get("name"), "a metric name is lower-case letters, digits and '_', starting with a letter "
                + "(at most 64), e.g. error_ratio");
        }
        o.string("description", false, null);
        String fn = o.string("function", true, "count");
        MetricFunction function = null;
        if (fn != null) {
            function = MetricFunction.byName(fn).orElse(null);
            if (function == null) {
                String hint = FUNCTION_HINTS.get(fn.toLowerCase(java.util.Locale.ROOT));
                String close = closest(fn, MetricFunction.names());
                error(o.path("function"), o.get("function"), "unknown function: " + (hint != null ? hint + "; "
                    : close != null ? "did you mean '" + close + "'? " : "") + "functions are " + String.join(", ", MetricFunction.names()));
            }
        }
        String field = o.string("field", false, null);
        QueryDsl filter = o.query("filter");
        Double percentile = o.number("percentile", null);
        QueryDsl numerator = o.query("numerator");
        QueryDsl denominator = o.query("denominator");
        Integer precision = o.integer("precision_threshold", null, 1, MetricSpec.MAX_PRECISION_THRESHOLD);
        DetectSpec detect = detect(o.object("detect", false));
        o.finish();
        if (function != null) {
            String f = function.yamlName();
            switch (function.fieldUse()) {
                case REQUIRED -> {
                    if (field == null && o.get("field") == null) {
                        error(o.path("field"), null, "missing: " + f + " needs a field, e.g. field: "
                            + (function == MetricFunction.DISTINCT_COUNT ? "tenant.id" : "event.duration (a numeric field)"));
                    }
                }
                case NONE -> {
                    if (o.get("field") != null) {
                        error(o.path("field"), o.get("field"), f + " takes no field: remove it"
                            + (function == MetricFunction.RATIO ? " (a ratio counts documents matching numerator and denominator)"
                            : ", or use sum, mean, min, max, percentile or distinct_count of the field"));
                    }
                }
                case OPTIONAL -> { }
            }
            if (function == MetricFunction.PERCENTILE) {
                if (percentile == null && o.get("percentile") == null) {
                    error(o.path("percentile"), null, "missing: percentile needs the percentile to compute, e.g. percentile: 95");
                } else if (percentile != null && !(percentile > 0 && percentile < 100)) {
                    error(o.path("percentile"), o.get("percentile"), "percentile must be between 0 and 100 (exclusive), e.g. 50, 95 or 99");
                }
            } else if (o.get("percentile") != null) {
                error(o.path("percentile"), o.get("percentile"), "percentile only applies to function: percentile; remove it");
            }
            if (function == MetricFunction.RATIO) {
                if (numerator == null && o.get("numerator") == null) {
                    error(o.path("numerator"), null, "missing: a ratio needs a numerator query, e.g. numerator: "
                        + "{range: {http.response.status_code: {gte: 500}}}");
                }
            } else {
                for (String k : List.of("numerator", "denominator")) {
                    if (o.get(k) != null) {
                        error(o.path(k), o.get(k), k + " only applies to function: ratio; use filter to restrict a " + f);
                    }
                }
            }
            if (function != MetricFunction.DISTINCT_COUNT && o.get("precision_threshold") != null) {
                error(o.path("precision_threshold"), o.get("precision_threshold"),
                    "precision_threshold only applies to function: distinct_count; remove it");
            }
            if (function.valueKind() == io.kizashi.core.model.ValueKind.RATIO && detect != null && detect.trendLimit() != null
                && !(detect.trendLimit() >= 0 && detect.trendLimit() <= 1)) {
                error(o.path("detect") + ".trend_limit", o.get("detect").get("trend_limit"),
                    "a ratio lies in [0, 1], so its trend_limit must too, e.g. 0.05 for 5 % errors");
            }
        }
        if (errors.size() > before || name == null || function == null) {
            return null;
        }
        return new MetricSpec(name, function, field, filter, percentile == null ? Double.NaN : percentile, numerator,
            denominator, precision == null ? MetricSpec.DEFAULT_PRECISION_THRESHOLD : precision,
            detect == null ? DetectSpec.DEFAULT : detect);
    }

    private DetectSpec detect(Obj o) {
        if (o == null) {
            return DetectSpec.DEFAULT;
        }
        int before = errors.size();
        Boolean anomaly = o.bool("anomaly", true);
        Double trendLimit = o.number("trend_limit", null);
        Double alertScore = o.number("alert_score", null);
        if (alertScore != null && !(alertScore > 0 && alertScore <= 100)) {
            error(o.path("alert_score"), o.get("alert_score"), "alert_score must be in (0, 100], e.g. 40 (the default) or 60 for fewer alerts");
        }
        CalendarSpec cal = calendar(o.object("calendar", false));
        o.finish();
        return errors.size() > before ? null : new DetectSpec(anomaly, trendLimit, alertScore, cal);
    }

    private DelayedDataCheckSpec delayed(Obj o, Duration span) {
        if (o == null) {
            return null;
        }
        int before = errors.size();
        DelayedDataCheckSpec defaults = span == null ? null : DelayedDataCheckSpec.defaults(span);
        Boolean enabled = o.bool("enabled", true);
        Duration window = o.duration("window", defaults == null ? null : defaults.window(), false, "2h");
        Duration frequency = o.duration("frequency", defaults == null ? null : defaults.frequency(), false, "15m");
        Boolean rescore = o.bool("rescore", false);
        if (span != null) {
            if (window != null && !Durations.isMultiple(window, span)) {
                error(o.path("window"), o.get("window"), "window must be a whole multiple of bucket_span (" + Durations.format(span) + ")");
            } else if (window != null && window.toMillis() / span.toMillis() > DelayedDataCheckSpec.MAX_WINDOW_BUCKETS) {
                error(o.path("window"), o.get("window"), "window holds more than " + DelayedDataCheckSpec.MAX_WINDOW_BUCKETS
                    + " buckets (their counts are kept with the checkpoint): shorten it");
            }
            if (frequency != null && !Durations.isMultiple(frequency, span)) {
                error(o.path("frequency"), o.get("frequency"), "frequency must be a whole multiple of bucket_span (" + Durations.format(span) + ")");
            }
        }
        o.finish();
        if (errors.size() > before || window == null || frequency == null) {
            return null;
        }
        return new DelayedDataCheckSpec(enabled, window, frequency, rescore);
    }

    private PullSpec pull(Obj o) {
        if (o == null) {
            return PullSpec.DEFAULTS;
        }
        int before = errors.size();
        PullSpec d = PullSpec.DEFAULTS;
        Integer pageSize = o.integer("page_size", d.pageSize(), 1, 10_000);
        Integer maxBuckets = o.integer("max_buckets", d.maxBuckets(), 1, 1_000_000);
        Duration maxChunk = o.duration("max_chunk", d.maxChunk(), false, "1d");
        Duration timeout = o.duration("request_timeout", d.requestTimeout(), false, "30s");
        Integer retries = o.integer("retries", d.retries(), 0, 10);
        Duration retryBackoff = o.duration("retry_backoff", d.retryBackoff(), false, "500ms");
        Duration pauseBackoff = o.duration("pause_backoff", d.pauseBackoff(), false, "10s");
        Duration maxPause = o.duration("max_pause", d.maxPause(), false, "5m");
        for (String k : List.of("max_chunk", "request_timeout", "pause_backoff", "max_pause")) {
            JsonNode v = o.get(k);
            if (v != null && Durations.parse(v.asText()).map(x -> x.isZero()).orElse(false)) {
                error(o.path(k), v, k + " must be positive");
            }
        }
        if (pauseBackoff != null && maxPause != null && maxPause.compareTo(pauseBackoff) < 0) {
            error(o.path("max_pause"), o.get("max_pause"), "max_pause must be at least pause_backoff (" + Durations.format(pauseBackoff) + ")");
        }
        o.finish();
        if (errors.size() > before) {
            return null;
        }
        return new PullSpec(pageSize, maxBuckets, maxChunk, timeout, retries, retryBackoff, pauseBackoff, maxPause);
    }

    // ------------------------------------------------------------------ helpers

    private void error(String path, JsonNode value, String message) {
        int[] at = tree.location(path);
        errors.add(new ConfigError(file, at[0], at[1], path, value == null ? null : text(value), message));
    }

    private static String text(JsonNode v) {
        if (v.isValueNode()) {
            return v.asText();
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return v.toString();
        }
    }

    /** The closest candidate (job-file names are lower case), or null. */
    static String closest(String word, java.util.Collection<String> candidates) {
        return io.kizashi.config.Spelling.closest(word.toLowerCase(java.util.Locale.ROOT), candidates, 2);
    }

    /** A mapping being read: typed getters that record errors, and a check for keys nobody asked for. */
    private final class Obj {
        private final String path;
        private final JsonNode node;
        private final Set<String> allowed;

        Obj(String path, JsonNode node, String[] allowed) {
            this.path = path;
            this.node = node;
            this.allowed = new LinkedHashSet<>(Arrays.asList(allowed));
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        JsonNode get(String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        void finish() {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    String close = closest(k, allowed);
                    error(path(k), new com.fasterxml.jackson.databind.node.TextNode(k), "unknown field"
                        + (close != null ? ": did you mean '" + close + "'?" : "") + " Fields allowed "
                        + (path.isEmpty() ? "at the top level" : "in " + path) + ": " + String.join(", ", allowed));
                }
            }
        }

        Obj object(String key, boolean required) {
            JsonNode v = get(key);
            if (v == null) {
                if (required) {
                    error(path(key), null, "missing: add the " + key + " section");
                }
                return null;
            }
            if (!v.isObject()) {
                error(path(key), v, key + " must be a mapping of fields (key: value lines indented below it)");
                return null;
            }
            String[] keys = switch (key) {
                case "source" -> SOURCE;
                case "split" -> SPLIT;
                case "calendar" -> CALENDAR;
                case "detect" -> DETECT;
                case "delayed_data_check" -> DELAYED;
                case "pull" -> PULL;
                default -> throw new IllegalArgumentException(key);
            };
            return new Obj(path(key), v, keys);
        }

        String string(String key, boolean required, String example) {
            JsonNode v = get(key);
            if (v == null) {
                if (required) {
                    error(path(key), null, "missing: add e.g. " + key + ": " + example);
                }
                return null;
            }
            if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
                error(path(key), v, key + " must be a single text value" + (example == null ? "" : ", e.g. " + key + ": " + example));
                return null;
            }
            String s = v.asText();
            if (s.isBlank()) {
                error(path(key), v, key + " is blank" + (example == null ? "" : ": e.g. " + key + ": " + example));
                return null;
            }
            return s;
        }

        List<String> strings(String key, boolean required, String example) {
            JsonNode v = get(key);
            if (v == null) {
                if (required) {
                    error(path(key), null, "missing: add e.g. " + key + ": [" + example + "]");
                }
                return null;
            }
            if (v.isTextual()) {
                if (v.asText().isBlank()) {
                    error(path(key), v, key + " is blank: e.g. " + key + ": [" + example + "]");
                    return null;
                }
                return List.of(v.asText());
            }
            if (!v.isArray()) {
                error(path(key), v, key + " must be a name or a list of names, e.g. " + key + ": [" + example + "]");
                return null;
            }
            if (v.isEmpty() && required) {
                error(path(key), v, key + " is empty: e.g. " + key + ": [" + example + "]");
                return null;
            }
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isTextual() || e.asText().isBlank()) {
                    error(path(key) + "[" + i + "]", e, "each entry of " + key + " must be a non-blank name, e.g. " + example);
                    ok = false;
                } else {
                    out.add(e.asText());
                }
            }
            return ok ? out : null;
        }

        Duration duration(String key, Duration def, boolean required, String example) {
            JsonNode v = get(key);
            if (v == null) {
                if (required) {
                    error(path(key), null, "missing: add e.g. " + key + ": " + example);
                }
                return def;
            }
            if (v.isNumber()) {
                error(path(key), v, key + " needs a unit: write e.g. " + v.asText() + "s or " + v.asText() + "m (units: ms, s, m, h, d)");
                return null;
            }
            Duration d = v.isTextual() ? Durations.parse(v.asText()).orElse(null) : null;
            if (d == null) {
                error(path(key), v, "not a duration: write a whole number and a unit (ms, s, m, h, d), e.g. " + key + ": " + example);
            }
            return d;
        }

        Integer integer(String key, Integer def, int min, int max) {
            JsonNode v = get(key);
            if (v == null) {
                return def;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                error(path(key), v, key + " must be a whole number in " + min + ".." + max);
                return null;
            }
            int n = v.asInt();
            if (n < min || n > max) {
                error(path(key), v, key + " must be in " + min + ".." + max);
                return null;
            }
            return n;
        }

        Double number(String key, Double def) {
            JsonNode v = get(key);
            if (v == null) {
                return def;
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                error(path(key), v, key + " must be a number");
                return null;
            }
            return v.asDouble();
        }

        Boolean bool(String key, boolean def) {
            JsonNode v = get(key);
            if (v == null) {
                return def;
            }
            if (!v.isBoolean()) {
                error(path(key), v, key + " must be true or false");
                return def;
            }
            return v.asBoolean();
        }

        Instant instant(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return null;
            }
            String s = v.asText();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e2) {
                    error(path(key), v, key + " must be a UTC time or date, e.g. 2025-03-01T00:00:00Z or 2025-03-01");
                    return null;
                }
            }
        }

        QueryDsl query(String key) {
            JsonNode v = get(key);
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                error(path(key), v, key + " must be an Elasticsearch query written as a mapping, e.g. "
                    + key + ": {term: {event.action: request-completed}}");
                return null;
            }
            String json = text(v);
            var problem = QueryDsl.problem(json);
            if (problem.isPresent()) {
                error(path(key), v, problem.get());
                return null;
            }
            return new QueryDsl(json);
        }
    }
}
