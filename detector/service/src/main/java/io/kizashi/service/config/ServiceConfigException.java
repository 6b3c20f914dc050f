package io.kizashi.service.config;

import io.kizashi.config.ConfigError;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration has problems; the message lists every one with its place, value and fix. */
public final class ServiceConfigException extends RuntimeException {

    private final List<ConfigError> errors;

    public ServiceConfigException(List<ConfigError> errors) {
        super(errors.size() + " configuration problem" + (errors.size() == 1 ? "" : "s") + ":\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
