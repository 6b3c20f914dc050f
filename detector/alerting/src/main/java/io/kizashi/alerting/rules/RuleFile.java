package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import java.util.List;
import java.util.Objects;

/**
 * What one rule file holds after validation: the rules and silences that are valid, and every problem
 * found. A rule with a problem is left out; the others of the same file are kept.
 *
 * @param source   the file's path (or another source name)
 * @param rules    valid, enabled rules
 * @param silences valid silences
 * @param errors   every problem, in file order
 * @param disabled names of valid rules with {@code enabled: false}
 */
public record RuleFile(String source, List<AlertRule> rules, List<Silence> silences, List<ConfigError> errors,
                       List<String> disabled) {

    public RuleFile {
        Objects.requireNonNull(source, "source");
        rules = List.copyOf(rules);
        silences = List.copyOf(silences);
        errors = List.copyOf(errors);
        disabled = List.copyOf(disabled);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
