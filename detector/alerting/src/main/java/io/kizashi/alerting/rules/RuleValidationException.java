package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import io.kizashi.config.ConfigException;

import java.util.List;

/** Rules that cannot be used; carries every problem found, not only the first. */
public final class RuleValidationException extends ConfigException {

    public RuleValidationException(List<ConfigError> errors) {
        super("alert rules", errors);
    }
}
