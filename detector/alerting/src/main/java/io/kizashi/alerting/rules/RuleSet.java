package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules and silences in force, plus the problems of the files they came from (a rule with a
 * problem is not in force; the good ones are).
 */
public record RuleSet(List<AlertRule> rules, List<Silence> silences, List<ConfigError> errors) {

    public static final RuleSet EMPTY = new RuleSet(List.of(), List.of(), List.of());

    public RuleSet {
        rules = List.copyOf(rules);
        silences = List.copyOf(silences);
        errors = List.copyOf(errors);
        Map<String, AlertRule> seen = new LinkedHashMap<>();
        for (AlertRule r : rules) {
            if (seen.putIfAbsent(r.name(), r) != null) {
                throw new IllegalArgumentException("two rules are named '" + r.name() + "': rule names must be unique");
            }
        }
    }

    /** Rules only, no silences, no errors (for code and tests). */
    public static RuleSet of(AlertRule... rules) {
        return new RuleSet(List.of(rules), List.of(), List.of());
    }

    public RuleSet withSilences(List<Silence> s) {
        return new RuleSet(rules, s, errors);
    }

    public Optional<AlertRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
