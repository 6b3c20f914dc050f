package io.kizashi.alerting.rules;

import io.kizashi.config.YamlTree;
import io.kizashi.config.ConfigError;
import com.fasterxml.jackson.databind.JsonNode;
import io.kizashi.core.change.ChangeType;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict parser of one rule file: unknown keys, wrong types and out-of-range values are errors with the
 * field's path, the value and the fix; every problem of the file is collected, not only the first.
 */
final class RuleParser {

    static final Pattern RULE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");

    private static final List<String> FILE_KEYS = List.of("group", "labels", "rules", "silences");
    private static final List<String> RULE_KEYS = List.of("name", "description", "enabled", "match", "condition", "for",
        "keep_firing_for", "severity", "group_by", "cooldown", "rate_limit", "stale_after", "false_positive_mute",
        "labels", "annotations");
    private static final List<String> MATCH_KEYS = List.of("job", "metric", "splits");
    private static final List<String> CONDITIONS = List.of("score", "precursor", "forecast", "change_point", "no_data",
        "datafeed_behind");
    private static final List<String> SILENCE_KEYS = List.of("name", "comment", "match", "starts_at", "ends_at", "every");
    private static final List<String> EVERY_KEYS = List.of("days", "from", "to", "timezone");

    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();
    private final YamlTree doc;

    private RuleParser(String file) {
        this.file = file;
        this.doc = new YamlTree(file, errors, "write one rule (name, condition) or a group (rules: [...])", "put several rules in one 'rules:' list instead");
    }

    static RuleFile parse(String text, String file) {
        return new RuleParser(file).parseFile(text);
    }

    private RuleFile parseFile(String text) {
        List<AlertRule> rules = new ArrayList<>();
        List<Silence> silences = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        JsonNode root = doc.read(text);
        if (root == null) {
            return new RuleFile(file, rules, silences, inFileOrder(errors), disabled);
        }
        if (!root.isObject()) {
            error("", root, "a rule file is a mapping: either one rule (name:, condition:, ...) or a group (rules: [...])");
            return new RuleFile(file, rules, silences, inFileOrder(errors), disabled);
        }
        boolean groupForm = root.has("rules") || root.has("silences") || root.has("group");
        if (!groupForm) {
            AlertRule r = rule(root, "", null, Map.of());
            addRule(r, root, rules, disabled);
            return new RuleFile(file, rules, silences, inFileOrder(errors), disabled);
        }
        keys(root, "", FILE_KEYS);
        String group = optionalText(root, "group", "");
        Map<String, String> groupLabels = labels(root.get("labels"), "labels");
        JsonNode list = root.get("rules");
        JsonNode silenceList = root.get("silences");
        if (list == null && silenceList == null) {
            error("rules", null, "a group needs 'rules:' (a list of rules) or 'silences:' (a list of silences)");
        }
        if (list != null) {
            if (!list.isArray()) {
                error("rules", list, "'rules' is a list: write each rule as '- name: ...'");
            } else {
                if (list.isEmpty()) {
                    error("rules", null, "'rules' is empty: add a rule or remove the key");
                }
                Set<String> names = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String path = "rules[" + i + "]";
                    JsonNode n = list.get(i);
                    if (!n.isObject()) {
                        error(path, n, "a rule is a mapping with at least name and condition");
                        continue;
                    }
                    AlertRule r = rule(n, path + ".", group, groupLabels);
                    String name = n.path("name").asText("");
                    if (!name.isEmpty() && !names.add(name)) {
                        error(path + ".name", n.get("name"), "another rule of this file has the same name: rule names must be unique");
                        continue;
                    }
                    addRule(r, n, rules, disabled);
                }
            }
        }
        if (silenceList != null) {
            if (!silenceList.isArray()) {
                error("silences", silenceList, "'silences' is a list: write each silence as '- name: ...'");
            } else {
                Set<String> names = new HashSet<>();
                for (int i = 0; i < silenceList.size(); i++) {
                    String path = "silences[" + i + "]";
                    Silence s = silence(silenceList.get(i), path);
                    if (s != null && !names.add(s.name())) {
                        error(path + ".name", silenceList.get(i).get("name"), "another silence of this file has the same name");
                    } else if (s != null) {
                        silences.add(s);
                    }
                }
            }
        }
        return new RuleFile(file, rules, silences, inFileOrder(errors), disabled);
    }

    /** Errors by line and column (stable: problems without a location keep their place after located ones). */
    private static List<ConfigError> inFileOrder(List<ConfigError> errors) {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(java.util.Comparator.comparingInt((ConfigError e) -> e.line() == 0 ? Integer.MAX_VALUE : e.line())
            .thenComparingInt(ConfigError::column));
        return sorted;
    }

    private void addRule(AlertRule r, JsonNode n, List<AlertRule> rules, List<String> disabled) {
        if (r == null) {
            return;
        }
        JsonNode enabled = n.get("enabled");
        if (enabled != null && enabled.isBoolean() && !enabled.booleanValue()) {
            disabled.add(r.name());
        } else {
            rules.add(r);
        }
    }

    // ------------------------------------------------------------------ rules

    /** One rule, or null when it has errors (they are recorded). */
    private AlertRule rule(JsonNode n, String p, String group, Map<String, String> groupLabels) {
        int before = errors.size();
        keys(n, p, RULE_KEYS);
        String name = requiredText(n, p, "name", "a rule needs a name, e.g. name: api-latency-high");
        if (name != null && !RULE_NAME.matcher(name).matches()) {
            error(p + "name", n.get("name"), "a rule name starts with a letter and holds letters, digits, '_', '.', ':' or '-' (at most 128)");
        }
        optionalText(n, "description", p);
        JsonNode enabled = n.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            error(p + "enabled", enabled, "enabled is true or false");
        }
        SeriesSelector selector = match(n.get("match"), p + "match");
        Condition condition = condition(n.get("condition"), p + "condition");
        Duration forD = duration(n, p, "for");
        Duration keep = duration(n, p, "keep_firing_for");
        Duration cooldown = duration(n, p, "cooldown");
        Duration stale = duration(n, p, "stale_after");
        Duration fpMute = duration(n, p, "false_positive_mute");
        if (stale != null && stale.isZero()) {
            error(p + "stale_after", n.get("stale_after"), "stale_after must be positive (default 1h)");
        }
        Severity severity = Severity.WARNING;
        JsonNode sev = n.get("severity");
        if (sev != null) {
            severity = Severity.byCode(sev.isTextual() ? sev.asText() : "").orElse(null);
            if (severity == null) {
                error(p + "severity", sev, "severity is one of critical, warning, info");
            }
        }
        List<String> groupBy = groupBy(n.get("group_by"), p + "group_by");
        RateLimit rateLimit = rateLimit(n.get("rate_limit"), p + "rate_limit");
        Map<String, String> labels = new LinkedHashMap<>(groupLabels);
        labels.putAll(labels(n.get("labels"), p + "labels"));
        Map<String, Template> annotations = annotations(n.get("annotations"), p + "annotations");

        if (condition != null) {
            if (condition.health()) {
                if (!selector.metric().isEmpty() || !selector.splits().isEmpty()) {
                    error(p + "match", n.get("match"), "a " + condition.kind() + " rule watches jobs: match only on job (remove metric and splits)");
                }
                if (groupBy != null && !groupBy.equals(List.of(Labels.JOB))) {
                    error(p + "group_by", n.get("group_by"), "a " + condition.kind() + " rule has one alert per job: use group_by: [job] or leave it out");
                }
            }
            if (condition instanceof Condition.ChangePoint && forD != null && !forD.isZero()) {
                error(p + "for", n.get("for"), "a change point holds for one bucket only, so 'for' would never be met:"
                    + " remove 'for' and use keep_firing_for to keep the alert visible");
            }
        }
        if (groupBy != null) {
            for (String g : groupBy) {
                String label = Labels.sanitize(g);
                if (labels.containsKey(label)) {
                    error(p + "labels." + label, null, "label '" + label + "' is also a group_by label (from '" + g
                        + "'): its value comes from the series; rename the static label");
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return new AlertRule(name, group == null || group.isEmpty() ? null : group, file, n.path("description").asText(null), selector,
                condition, forD, keep, severity, groupBy, cooldown, rateLimit, stale, fpMute, labels, annotations);
        } catch (IllegalArgumentException e) {
            error(p.isEmpty() ? "" : p.substring(0, p.length() - 1), null, e.getMessage());
            return null;
        }
    }

    private SeriesSelector match(JsonNode n, String p) {
        if (n == null) {
            return SeriesSelector.ALL;
        }
        if (!n.isObject()) {
            error(p, n, "match is a mapping: job, metric and splits (e.g. match: {job: mdm-http, metric: p95_latency})");
            return SeriesSelector.ALL;
        }
        keys(n, p + ".", MATCH_KEYS);
        List<LabelMatcher> job = matcherList(n.get("job"), p + ".job", Labels.JOB);
        List<LabelMatcher> metric = matcherList(n.get("metric"), p + ".metric", Labels.METRIC);
        List<LabelMatcher> splits = new ArrayList<>();
        JsonNode s = n.get("splits");
        if (s != null) {
            if (!s.isObject()) {
                error(p + ".splits", s, "splits is a mapping from split field to value(s), e.g. splits: {service.name: device-gateway}");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    splits.addAll(matcherList(e.getValue(), p + ".splits." + e.getKey(), e.getKey()));
                }
            }
        }
        return new SeriesSelector(job, metric, splits);
    }

    private List<LabelMatcher> matcherList(JsonNode n, String p, String name) {
        LabelMatcher m = matcher(n, p, name);
        return m == null ? List.of() : List.of(m);
    }

    /** A value, a list of values, or {not: value(s)}; globs with * and ?. */
    private LabelMatcher matcher(JsonNode n, String p, String name) {
        if (n == null) {
            return null;
        }
        boolean negated = false;
        JsonNode v = n;
        if (n.isObject()) {
            if (n.size() != 1 || !n.has("not")) {
                error(p, n, "a matcher is a value, a list of values, or {not: value-or-list}");
                return null;
            }
            negated = true;
            v = n.get("not");
            p = p + ".not";
        }
        List<String> patterns = new ArrayList<>();
        if (v.isArray()) {
            if (v.isEmpty()) {
                error(p, v, "an empty list matches nothing: give at least one value (globs * and ? allowed)");
                return null;
            }
            for (int i = 0; i < v.size(); i++) {
                String s = scalar(v.get(i), p + "[" + i + "]");
                if (s != null) {
                    patterns.add(s);
                }
            }
        } else {
            String s = scalar(v, p);
            if (s != null) {
                patterns.add(s);
            }
        }
        return patterns.isEmpty() ? null : new LabelMatcher(name, patterns, negated);
    }

    private String scalar(JsonNode n, String p) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            error(p, n, "expected a value (text; globs * and ? allowed)");
            return null;
        }
        String s = n.asText();
        if (s.isEmpty()) {
            error(p, n, "an empty value: write the value to match, or '*' for any");
            return null;
        }
        return s;
    }

    private Condition condition(JsonNode n, String p) {
        if (n == null) {
            error(p, null, "a rule needs a condition: one of " + String.join(", ", CONDITIONS));
            return null;
        }
        if (!n.isObject() || n.size() != 1) {
            error(p, n, "condition holds exactly one of " + String.join(", ", CONDITIONS)
                + " (write two rules for two conditions)");
            if (n.isObject()) {
                keys(n, p + ".", CONDITIONS);
            }
            return null;
        }
        String kind = n.fieldNames().next();
        JsonNode c = n.get(kind);
        String cp = p + "." + kind;
        if (!CONDITIONS.contains(kind)) {
            keys(n, p + ".", CONDITIONS);
            return null;
        }
        if (!c.isObject()) {
            error(cp, c, kind + " takes a mapping, e.g. " + example(kind));
            return null;
        }
        int before = errors.size();
        Condition result = switch (kind) {
            case "score" -> {
                keys(c, cp + ".", List.of("min", "count", "of", "direction", "measure"));
                double min = number(c, cp, "min", 0, 100, false, "the anomaly score threshold, 0 < min <= 100 (75 = critical band)");
                Condition.Window w = window(c, cp);
                Condition.Side side = side(c, cp, "direction", Map.of("any", Condition.Side.ANY, "high", Condition.Side.HIGH,
                    "low", Condition.Side.LOW));
                Condition.Measure m = Condition.Measure.RAW;
                JsonNode mn = c.get("measure");
                if (mn != null) {
                    m = "raw".equals(mn.asText()) ? Condition.Measure.RAW : "event".equals(mn.asText()) ? Condition.Measure.EVENT : null;
                    if (m == null || !mn.isTextual()) {
                        error(cp + ".measure", mn, "measure is raw (every bucket's surprise, default) or event (the published, once-per-event score)");
                    }
                }
                yield errors.size() > before ? null : new Condition.Score(min, w, side, m);
            }
            case "precursor" -> {
                keys(c, cp + ".", List.of("min", "count", "of"));
                // Without min: the threshold the model bundle was shipped with (it moves with each version).
                double min = c.has("min") ? number(c, cp, "min", 0, 1, false,
                    "the precursor probability threshold, 0 < min <= 1 (or leave min out to use the model's own threshold)") : Double.NaN;
                Condition.Window w = window(c, cp);
                yield errors.size() > before ? null : new Condition.Precursor(min, w);
            }
            case "forecast" -> {
                keys(c, cp + ".", List.of("within", "limit", "direction", "count", "of"));
                Duration within = duration(c, cp + ".", "within");
                if (within == null && !c.has("within")) {
                    error(cp + ".within", null, "forecast needs within: how far ahead the crossing counts, e.g. within: 6h");
                } else if (within != null && within.isZero()) {
                    error(cp + ".within", c.get("within"), "within must be positive, e.g. 6h");
                }
                double limit = Double.NaN;
                if (c.has("limit")) {
                    limit = number(c, cp, "limit", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true, "the value the forecast must not reach");
                }
                boolean above = true;
                JsonNode d = c.get("direction");
                if (d != null) {
                    if (!c.has("limit")) {
                        error(cp + ".direction", d, "direction applies to a limit given here; without 'limit' the job's trend limit (and its direction) is used");
                    } else if ("below".equals(d.asText())) {
                        above = false;
                    } else if (!"above".equals(d.asText())) {
                        error(cp + ".direction", d, "direction is above (the forecast rises to the limit, default) or below (falls to it)");
                    }
                }
                Condition.Window w = window(c, cp);
                yield errors.size() > before ? null : new Condition.Forecast(within, limit, above, w);
            }
            case "change_point" -> {
                keys(c, cp + ".", List.of("min_magnitude", "type", "direction"));
                double mag = number(c, cp, "min_magnitude", 0, Double.POSITIVE_INFINITY, false,
                    "the change's size in spreads (sigma) of the series before it, e.g. 4");
                ChangeType type = null;
                JsonNode t = c.get("type");
                if (t != null && !"any".equals(t.asText())) {
                    type = "level_shift".equals(t.asText()) ? ChangeType.LEVEL_SHIFT
                        : "variance_change".equals(t.asText()) ? ChangeType.VARIANCE_CHANGE : null;
                    if (type == null) {
                        error(cp + ".type", t, "type is any (default), level_shift or variance_change");
                    }
                }
                Condition.Side side = side(c, cp, "direction", Map.of("any", Condition.Side.ANY, "up", Condition.Side.HIGH,
                    "down", Condition.Side.LOW));
                yield errors.size() > before ? null : new Condition.ChangePoint(mag, type, side);
            }
            case "no_data" -> {
                keys(c, cp + ".", List.of("longer_than"));
                Duration d = positiveDuration(c, cp, "longer_than", "how old the newest data may get, e.g. longer_than: 15m");
                yield errors.size() > before ? null : new Condition.NoData(d);
            }
            default -> {
                keys(c, cp + ".", List.of("more_than"));
                Duration d = positiveDuration(c, cp, "more_than", "how far the datafeed may lag real time, e.g. more_than: 10m");
                yield errors.size() > before ? null : new Condition.DatafeedBehind(d);
            }
        };
        return result;
    }

    private static String example(String kind) {
        return switch (kind) {
            case "score" -> "score: {min: 75, count: 3, of: 5}";
            case "precursor" -> "precursor: {count: 2, of: 2}";
            case "forecast" -> "forecast: {within: 6h}";
            case "change_point" -> "change_point: {min_magnitude: 4}";
            case "no_data" -> "no_data: {longer_than: 15m}";
            default -> "datafeed_behind: {more_than: 10m}";
        };
    }

    private Condition.Window window(JsonNode c, String cp) {
        int count = integer(c, cp, "count", 1);
        int of = integer(c, cp, "of", count);
        if (count < 1) {
            error(cp + ".count", c.get("count"), "count is how many buckets must hit: at least 1");
            return null;
        }
        if (of > Condition.Window.MAX_OF) {
            error(cp + ".of", c.get("of"), "of is the window length in buckets: at most " + Condition.Window.MAX_OF);
            return null;
        }
        if (of < count) {
            error(cp + ".of", c.get("of"), "of (the last M buckets) must be >= count (" + count + "): e.g. count: "
                + count + ", of: " + Math.max(count, of + count));
            return null;
        }
        return new Condition.Window(count, of);
    }

    private Condition.Side side(JsonNode c, String cp, String key, Map<String, Condition.Side> allowed) {
        JsonNode n = c.get(key);
        if (n == null) {
            return Condition.Side.ANY;
        }
        Condition.Side s = n.isTextual() ? allowed.get(n.asText()) : null;
        if (s == null) {
            error(cp + "." + key, n, key + " is one of " + String.join(", ", new java.util.TreeSet<>(allowed.keySet())));
            return Condition.Side.ANY;
        }
        return s;
    }

    private List<String> groupBy(JsonNode n, String p) {
        if (n == null) {
            return null;
        }
        if (!n.isArray() || n.isEmpty()) {
            error(p, n, "group_by is a non-empty list of job, metric and split field names, e.g. [job, service.name]");
            return null;
        }
        List<String> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                error(p + "[" + i + "]", e, "a group_by entry is job, metric or a split field name");
                continue;
            }
            if (!labels.add(Labels.sanitize(e.asText()))) {
                error(p + "[" + i + "]", e, "listed twice (or maps to the same label name as another entry)");
                continue;
            }
            out.add(e.asText());
        }
        return out;
    }

    private RateLimit rateLimit(JsonNode n, String p) {
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            error(p, n, "rate_limit is a mapping, e.g. rate_limit: {max: 5, per: 1h}");
            return null;
        }
        int before = errors.size();
        keys(n, p + ".", List.of("max", "per"));
        if (!n.has("max")) {
            error(p + ".max", null, "rate_limit needs max: how many alerts of this rule may start firing per window");
        }
        int max = integer(n, p, "max", 1);
        if (max < 1) {
            error(p + ".max", n.get("max"), "max must be at least 1");
        }
        Duration per = positiveDuration(n, p, "per", "the window length, e.g. per: 1h");
        return errors.size() > before ? null : new RateLimit(max, per);
    }

    private Map<String, String> labels(JsonNode n, String p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        if (!n.isObject()) {
            error(p, n, "labels is a mapping from label name to value, e.g. labels: {team: mdm-core}");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String lp = p + "." + e.getKey();
            if (!Labels.valid(e.getKey())) {
                error(lp, e.getValue(), "label name '" + e.getKey() + "' is not valid for Alertmanager: use letters, digits and '_' ("
                    + Labels.sanitize(e.getKey()) + ")");
                continue;
            }
            if (AlertRule.RESERVED_LABELS.contains(e.getKey())) {
                error(lp, e.getValue(), "label '" + e.getKey() + "' is set by Kizashi"
                    + (e.getKey().equals(Labels.SEVERITY) ? ": use the rule's severity field" : ": choose another name"));
                continue;
            }
            JsonNode v = e.getValue();
            if (v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty()) {
                error(lp, v, "a label value is non-empty text");
                continue;
            }
            if (v.asText().contains("{{")) {
                error(lp, v, "labels are static (a templated label would change the alert's identity every time):"
                    + " put templates in annotations");
                continue;
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    private Map<String, Template> annotations(JsonNode n, String p) {
        Map<String, Template> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        if (!n.isObject()) {
            error(p, n, "annotations is a mapping from name to template text, e.g. summary: \"{{ metric }} high on {{ series }}\"");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String ap = p + "." + e.getKey();
            if (!Labels.valid(e.getKey())) {
                error(ap, null, "annotation name '" + e.getKey() + "' is not valid: use letters, digits and '_'");
                continue;
            }
            JsonNode v = e.getValue();
            if (v == null || !v.isTextual()) {
                error(ap, v, "an annotation is template text (quote it if it starts with '{{')");
                continue;
            }
            List<String> problems = new ArrayList<>();
            Template t = Template.parse(v.asText(), problems);
            for (String problem : problems) {
                error(ap, v, problem);
            }
            if (problems.isEmpty()) {
                out.put(e.getKey(), t);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ silences

    private Silence silence(JsonNode n, String p) {
        if (n == null || !n.isObject()) {
            error(p, n, "a silence is a mapping: name, match, and starts_at/ends_at or every");
            return null;
        }
        int before = errors.size();
        keys(n, p + ".", SILENCE_KEYS);
        String name = requiredText(n, p + ".", "name", "a silence needs a name, e.g. name: weekly-db-maintenance");
        String comment = optionalText(n, "comment", p + ".");
        List<LabelMatcher> matchers = new ArrayList<>();
        JsonNode m = n.get("match");
        if (m == null || !m.isObject() || m.isEmpty()) {
            error(p + ".match", m, "a silence needs match: a non-empty mapping from alert label to value(s), e.g. {job: mdm-http}"
                + " (an empty one would silence everything)");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                // Split field names are accepted as written in jobs (service.name) and matched as labels (service_name).
                LabelMatcher lm = matcher(e.getValue(), p + ".match." + e.getKey(), Labels.sanitize(e.getKey()));
                if (lm != null) {
                    matchers.add(lm);
                }
            }
        }
        Silence.Schedule schedule = null;
        boolean once = n.has("starts_at") || n.has("ends_at");
        if (once && n.has("every")) {
            error(p + ".every", n.get("every"), "a silence is either one time range (starts_at, ends_at) or recurring (every), not both");
        } else if (once) {
            Instant start = instant(n, p, "starts_at");
            Instant end = instant(n, p, "ends_at");
            if (start != null && end != null) {
                if (!end.isAfter(start)) {
                    error(p + ".ends_at", n.get("ends_at"), "ends_at must be after starts_at (" + start + ")");
                } else {
                    schedule = new Silence.Once(start, end);
                }
            }
        } else if (n.has("every")) {
            schedule = weekly(n.get("every"), p + ".every");
        } else {
            error(p, null, "a silence needs a time: starts_at and ends_at (ISO-8601, e.g. 2025-06-01T02:00:00Z)"
                + " or every: {days: [sun], from: \"02:00\", to: \"04:00\", timezone: Asia/Tokyo}");
        }
        if (errors.size() > before || schedule == null) {
            return null;
        }
        return new Silence(name, comment, matchers, schedule, file);
    }

    private Instant instant(JsonNode n, String p, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            error(p + "." + key, null, key + " is missing: give both starts_at and ends_at as ISO-8601 times with a zone, e.g. 2025-06-01T02:00:00Z");
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            error(p + "." + key, v, "not an ISO-8601 time with zone: write e.g. 2025-06-01T02:00:00Z or 2025-06-01T11:00:00+09:00");
            return null;
        }
    }

    private Silence.Weekly weekly(JsonNode n, String p) {
        if (!n.isObject()) {
            error(p, n, "every is a mapping: {days: [sat, sun], from: \"02:00\", to: \"04:00\", timezone: UTC}");
            return null;
        }
        int before = errors.size();
        keys(n, p + ".", EVERY_KEYS);
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        JsonNode d = n.get("days");
        if (d != null) {
            days = EnumSet.noneOf(DayOfWeek.class);
            JsonNode list = d.isArray() ? d : null;
            if (list == null || list.isEmpty()) {
                error(p + ".days", d, "days is a non-empty list, e.g. [mon, tue, wed, thu, fri]");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    DayOfWeek day = day(list.get(i).asText());
                    if (day == null) {
                        error(p + ".days[" + i + "]", list.get(i), "a day is mon, tue, wed, thu, fri, sat or sun");
                    } else {
                        days.add(day);
                    }
                }
            }
        }
        LocalTime from = time(n, p, "from");
        LocalTime to = time(n, p, "to");
        if (from != null && from.equals(to)) {
            error(p + ".to", n.get("to"), "from and to are equal: the window would be empty (or a whole day; then use starts_at/ends_at)");
        }
        ZoneId zone = java.time.ZoneOffset.UTC;
        JsonNode z = n.get("timezone");
        if (z != null) {
            try {
                zone = ZoneId.of(z.asText());
            } catch (DateTimeException e) {
                error(p + ".timezone", z, "not a time zone: use a region id such as Asia/Tokyo or Europe/Paris, or UTC");
            }
        }
        return errors.size() > before ? null : new Silence.Weekly(days, from, to, zone);
    }

    private static DayOfWeek day(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (k.equals(full) || k.equals(full.substring(0, 3))) {
                return d;
            }
        }
        return null;
    }

    private LocalTime time(JsonNode n, String p, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            error(p + "." + key, null, key + " is missing: a local time HH:MM, e.g. \"02:00\"");
            return null;
        }
        String s = v.asText();
        if (s.equals("24:00")) {
            return LocalTime.MIDNIGHT;
        }
        try {
            if (!s.matches("\\d{2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:MM", s, 0);
            }
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            error(p + "." + key, v, "not a local time: write HH:MM in quotes, e.g. \"02:00\" (YAML reads 02:00 unquoted as a number)");
            return null;
        }
    }

    // ------------------------------------------------------------------ scalars

    private void keys(JsonNode n, String p, List<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                String hint = suggestion(k, allowed);
                error(p + k, null, "unknown field '" + k + "'" + (hint == null ? "" : ": did you mean '" + hint + "'?")
                    + " Allowed here: " + String.join(", ", allowed));
            }
        }
    }

    private static String suggestion(String k, List<String> allowed) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String key = k.toLowerCase(Locale.ROOT).replace('-', '_');
        for (String a : allowed) {
            if (key.length() >= 3 && (a.startsWith(key) || key.startsWith(a))) {
                return a; // keep_firing -> keep_firing_for, durations -> ...
            }
        }
        for (String a : allowed) {
            int d = io.kizashi.config.Spelling.distance(key, a);
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return bestD <= Math.max(1, Math.min(3, k.length() / 3)) ? best : null;
    }


    private String requiredText(JsonNode n, String p, String key, String fix) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            error(p + key, null, fix);
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            error(p + key, v, key + " is non-empty text" + (v.isBoolean()
                ? " (YAML reads yes, no, on, off, true and false as booleans: quote the value)" : ""));
            return null;
        }
        return v.asText();
    }

    private String optionalText(JsonNode n, String key, String p) {
        JsonNode v = n.get(key);
        if (v == null) {
            return "";
        }
        if (!v.isTextual()) {
            error(p + key, v, key + " is text");
            return "";
        }
        return v.asText();
    }

    /** A duration field, or null when absent (or wrong; the error is recorded). */
    private Duration duration(JsonNode n, String p, String key) {
        JsonNode v = n.get(key);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.asLong() == 0) {
            return Duration.ZERO;
        }
        Duration d = v.isTextual() ? Durations.parse(v.asText()).orElse(null) : null;
        if (d == null) {
            error(p + key, v, "not a duration: write a number with a unit (ms, s, m, h, d, w), e.g. 5m, 1h30m");
        }
        return d;
    }

    private Duration positiveDuration(JsonNode n, String p, String key, String what) {
        if (!n.has(key)) {
            error(p + "." + key, null, key + " is missing: " + what);
            return null;
        }
        Duration d = duration(n, p + ".", key);
        if (d != null && d.isZero()) {
            error(p + "." + key, n.get(key), key + " must be positive: " + what);
            return null;
        }
        return d;
    }

    private double number(JsonNode n, String p, String key, double lowExclusive, double high, boolean any, String what) {
        JsonNode v = n.get(key);
        if (v == null) {
            error(p + "." + key, null, key + " is missing: " + what);
            return Double.NaN;
        }
        if (!v.isNumber()) {
            error(p + "." + key, v, key + " is a number: " + what);
            return Double.NaN;
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || (!any && !(d > lowExclusive && d <= high))) {
            error(p + "." + key, v, key + " is out of range: " + what);
            return Double.NaN;
        }
        return d;
    }

    private int integer(JsonNode n, String p, String key, int dflt) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            error(p + "." + key, v, key + " is a whole number");
            return dflt;
        }
        return v.asInt();
    }

    private void error(String path, JsonNode value, String message) {
        int[] at = doc.location(path);
        String shown = value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
        errors.add(new ConfigError(file, at[0], at[1], path, shown, message));
    }
}
