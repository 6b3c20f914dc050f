package io.kizashi.service.config;

import io.kizashi.config.ConfigError;
import io.kizashi.config.ConfigException;

import java.util.List;

/** The configuration has problems; the message lists every one with its place, value and fix. */
public final class ServiceConfigException extends ConfigException {

    public ServiceConfigException(List<ConfigError> errors) {
        super("the service configuration", errors);
    }
}
