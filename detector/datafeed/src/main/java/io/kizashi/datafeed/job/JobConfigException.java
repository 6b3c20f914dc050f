package io.kizashi.datafeed.job;

import io.kizashi.config.ConfigError;
import io.kizashi.config.ConfigException;

import java.util.List;

/** A job file that cannot be used; carries every problem found in it, not only the first. */
public final class JobConfigException extends ConfigException {

    public JobConfigException(List<ConfigError> errors) {
        super("job configuration", errors);
    }
}
