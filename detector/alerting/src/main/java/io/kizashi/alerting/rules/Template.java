package io.kizashi.alerting.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An annotation template: text with {@code {{ variable }}} or {@code {{ variable | %.1f }}} placeholders,
 * checked when the rule is loaded (unknown variables and bad formats are rule errors, not empty text at
 * 3 a.m.). Variables are listed in {@link #VARIABLES}; {@code labels.<name>} reads an alert label.
 *
 * @param source the template as written
 * @param parts  literal text (String) and placeholders ({@link Placeholder}) in order
 */
public record Template(String source, List<Object> parts) {

    /** A variable reference with an optional printf format for numbers. */
    public record Placeholder(String variable, String format) {
    }

    /** Every variable a template may use, with what it holds. */
    public static final Map<String, String> VARIABLES = knownVariables();

    private static final Pattern NAME = Pattern.compile("[a-z_]+(\\.[A-Za-z0-9_]+)?");

    public Template {
        Objects.requireNonNull(source, "source");
        parts = List.copyOf(parts);
    }

    /** A template without placeholders. */
    public static Template literal(String text) {
        return new Template(text, List.of(text));
    }

    /** Parses a template; a non-empty result holds what is wrong and how to fix it. */
    public static Template parse(String text, List<String> problems) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                problems.add("'{{' at character " + (open + 1) + " is never closed: write {{ variable }}");
                break;
            }
            String inner = text.substring(open + 2, close).strip();
            String variable = inner;
            String format = null;
            int bar = inner.indexOf('|');
            if (bar >= 0) {
                variable = inner.substring(0, bar).strip();
                format = inner.substring(bar + 1).strip();
            }
            checkPlaceholder(variable, format, problems);
            parts.add(new Placeholder(variable, format));
            i = close + 2;
        }
        return new Template(text, parts);
    }

    private static void checkPlaceholder(String variable, String format, List<String> problems) {
        if (!NAME.matcher(variable).matches()
                || !(VARIABLES.containsKey(variable) || (variable.startsWith("labels.") && variable.length() > 7))) {
            problems.add("unknown template variable '" + variable + "': use one of " + String.join(", ", VARIABLES.keySet())
                + " or labels.<name>");
            return;
        }
        if (format != null) {
            if (!NUMERIC.contains(variable)) {
                problems.add("'{{ " + variable + " | " + format + " }}': a format applies to numbers only ("
                    + String.join(", ", NUMERIC) + ")");
                return;
            }
            try {
                String.format(Locale.ROOT, format, 1.5);
            } catch (IllegalFormatException e) {
                problems.add("'" + format + "' is not a number format: use e.g. %.1f or %.0f");
            }
        }
    }

    /** The variables the template uses. */
    public List<String> variables() {
        return parts.stream().filter(Placeholder.class::isInstance).map(p -> ((Placeholder) p).variable()).toList();
    }

    /** Renders with the given values (null or absent renders as empty text). */
    public String render(Function<String, Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                Object v = values.apply(p.variable());
                sb.append(p.format() != null && v instanceof Number n && Double.isFinite(n.doubleValue())
                    ? String.format(Locale.ROOT, p.format(), n.doubleValue()) : text(v));
            } else {
                sb.append(part);
            }
        }
        return sb.toString();
    }

    /** How a value reads in an annotation: numbers with at most 4 significant digits, times in ISO-8601 UTC. */
    public static String text(Object v) {
        return switch (v) {
            case null -> "";
            case Double d -> number(d);
            case Float f -> number(f);
            case Number n -> n.toString();
            case Instant t -> t.toString();
            case Duration d -> Durations.format(d);
            case Optional<?> o -> o.map(Template::text).orElse("");
            case Collection<?> c -> c.stream().map(Template::text).collect(Collectors.joining(", "));
            default -> v.toString();
        };
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static final java.util.Set<String> NUMERIC = java.util.Set.of("value", "expected", "lower", "upper", "score",
        "raw_score", "probability", "precursor_probability", "change_magnitude", "members");

    private static Map<String, String> knownVariables() {
        Map<String, String> m = new TreeMap<>();
        m.put("rule", "the rule's name (alertname)");
        m.put("severity", "the rule's severity");
        m.put("series", "the series: job|metric|field=value...");
        m.put("job", "the job id");
        m.put("metric", "the metric's name");
        m.put("splits", "the split values: field=value, ...");
        m.put("value", "the metric's actual value in the bucket");
        m.put("expected", "the baseline (expected value)");
        m.put("lower", "lower bound of the expected range");
        m.put("upper", "upper bound of the expected range");
        m.put("score", "anomaly score 0-100 as published (muted after an event's first bucket)");
        m.put("raw_score", "10 * -log10(probability), capped at 100, every bucket");
        m.put("probability", "tail probability of the bucket (1 = nothing unusual)");
        m.put("precursor_probability", "probability that an incident is coming (n/a when not estimated)");
        m.put("direction", "high, low or none");
        m.put("reason", "the detection channel, e.g. sustained_shift");
        m.put("request_ids", "sample request ids of the bucket");
        m.put("discover_url", "Kibana Discover link to the logs around the bucket");
        m.put("console_url", "link to the Kizashi console for the series");
        m.put("crossing", "when the forecast reaches the limit (ISO-8601)");
        m.put("time_to_limit", "time from the bucket until the forecast reaches the limit");
        m.put("change_magnitude", "size of the change point in spreads (signed)");
        m.put("change_type", "level_shift or variance_change");
        m.put("behind", "how far the job's datafeed lags real time");
        m.put("last_data", "time of the job's newest data");
        m.put("bucket", "the bucket (evaluation time) of the evidence");
        m.put("active_since", "when the condition first held in this episode");
        m.put("members", "how many series of the alert's group are active");
        return java.util.Collections.unmodifiableMap(m);
    }
}
