package io.kizashi.datafeed.job;

import io.kizashi.config.ConfigError;
import java.util.List;
import java.util.stream.Collectors;

/** A job file that cannot be used; carries every problem found in it, not only the first. */
public final class JobConfigException extends RuntimeException {

    private final transient List<ConfigError> errors;

    public JobConfigException(List<ConfigError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(List<ConfigError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a JobConfigException needs at least one error");
        }
        return errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in job configuration:\n  "
            + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  "));
    }
}
