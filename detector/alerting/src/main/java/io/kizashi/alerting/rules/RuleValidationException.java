package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import java.util.List;
import java.util.stream.Collectors;

/** Rules that cannot be used; carries every problem found, not only the first. */
public final class RuleValidationException extends RuntimeException {

    private final transient List<ConfigError> errors;

    public RuleValidationException(List<ConfigError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a RuleValidationException needs at least one error");
        }
        return errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in alert rules:\n  "
            + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  "));
    }
}
