package io.kizashi.alerting.engine;

import io.kizashi.alerting.rules.AlertRule;
import io.kizashi.alerting.rules.Template;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders a rule's annotation templates with an alert's evidence, and adds the standard ones a
 * receiver needs when the rule does not define them: {@code summary}, {@code discover_url},
 * {@code console_url}, {@code request_ids}.
 */
final class Annotations {

    private Annotations() {
    }

    static Map<String, String> render(AlertRule rule, Map<String, String> labels, Evidence ev, Instant activeSince,
                                      int activeMembers) {
        Function<String, Object> values = variables(rule, labels, ev, activeSince, activeMembers);
        Map<String, String> out = new LinkedHashMap<>();
        rule.annotations().forEach((k, t) -> out.put(k, t.render(values)));
        if (!out.containsKey("summary")) {
            out.put("summary", defaultSummary(rule, ev));
        }
        if (ev != null) {
            if (ev.discoverUrl() != null && !out.containsKey("discover_url")) {
                out.put("discover_url", ev.discoverUrl());
            }
            if (ev.consoleUrl() != null && !out.containsKey("console_url")) {
                out.put("console_url", ev.consoleUrl());
            }
            if (!ev.requestIds().isEmpty() && !out.containsKey("request_ids")) {
                out.put("request_ids", String.join(", ", ev.requestIds()));
            }
        }
        return out;
    }

    private static String defaultSummary(AlertRule rule, Evidence ev) {
        String what = switch (rule.condition().kind()) {
            case "score" -> ev == null ? "anomalous" : "anomaly score " + Template.text(ev.rawScore());
            case "precursor" -> ev == null ? "incident precursor" : "precursor probability " + Template.text(ev.precursorProbability());
            case "forecast" -> ev == null || ev.crossing() == null ? "forecast reaches its limit"
                : "forecast reaches its limit at " + ev.crossing();
            case "change_point" -> ev == null ? "change point" : "change point of " + Template.text(ev.changeMagnitude()) + " sigma";
            case "no_data" -> "no data" + (ev == null || ev.lastData() == null ? "" : " since " + ev.lastData());
            default -> "datafeed behind" + (ev == null || ev.behind() == null ? "" : " by " + Template.text(ev.behind()));
        };
        return rule.name() + ": " + what + (ev == null ? "" : " on " + ev.series());
    }

    private static Function<String, Object> variables(AlertRule rule, Map<String, String> labels, Evidence ev,
                                                      Instant activeSince, int activeMembers) {
        return name -> {
            if (name.startsWith("labels.")) {
                return labels.get(name.substring(7));
            }
            switch (name) {
                case "rule": return rule.name();
                case "severity": return rule.severity().code();
                case "active_since": return activeSince;
                case "members": return activeMembers;
                default: break;
            }
            if (ev == null) {
                return null;
            }
            return switch (name) {
                case "series" -> ev.series();
                case "job" -> ev.job();
                case "metric" -> ev.metric();
                case "splits" -> ev.splits().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
                case "value" -> ev.value();
                case "expected" -> ev.expected();
                case "lower" -> ev.lower();
                case "upper" -> ev.upper();
                case "score" -> ev.score();
                case "raw_score" -> ev.rawScore();
                case "probability" -> ev.probability();
                case "precursor_probability" -> ev.precursorProbability();
                case "direction" -> ev.direction();
                case "reason" -> ev.reason();
                case "request_ids" -> ev.requestIds();
                case "discover_url" -> ev.discoverUrl();
                case "console_url" -> ev.consoleUrl();
                case "crossing" -> ev.crossing();
                case "time_to_limit" -> ev.crossing() == null ? null : Duration.between(ev.bucket(), ev.crossing());
                case "change_magnitude" -> ev.changeMagnitude();
                case "change_type" -> ev.changeType();
                case "behind" -> ev.behind();
                case "last_data" -> ev.lastData();
                case "bucket" -> ev.bucket();
                default -> null;
            };
        };
    }
}
