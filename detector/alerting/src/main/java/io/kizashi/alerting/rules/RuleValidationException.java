package io.kizashi.alerting.rules;

import java.util.List;
import java.util.stream.Collectors;

/** Rules that cannot be used; carries every problem found, not only the first. */
public final class RuleValidationException extends RuntimeException {

    private final transient List<RuleError> errors;

    public RuleValidationException(List<RuleError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }

    private static String describe(List<RuleError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a RuleValidationException needs at least one error");
        }
        return errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in alert rules:\n  "
            + errors.stream().map(RuleError::toString).collect(Collectors.joining("\n  "));
    }
}
