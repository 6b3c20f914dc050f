package io.kizashi.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used. Carries every problem found, not only the first, so that one
 * run of {@code kizashi validate} (or one failed start) shows the whole list to fix.
 */
public class ConfigException extends RuntimeException {

    private final transient List<ConfigError> errors;

    /** @param what what was read, for the message, e.g. "job configuration" or "alert rules" */
    public ConfigException(String what, List<ConfigError> errors) {
        super(describe(what, errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(String what, List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        return errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in " + what + ":\n  "
            + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  "));
    }
}
