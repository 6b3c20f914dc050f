package io.kizashi.config;

import java.util.Objects;

/**
 * One problem in a configuration file (a job, an alert rule, the service configuration): where it is,
 * what was found, and what to do about it.
 *
 * @param file    the file (or another source name), or null
 * @param line    1-based line of the offending key or value, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param path    the field's path, e.g. {@code metrics[2].field}; empty for the whole document
 * @param value   the offending value as written (abbreviated), or null when the field is missing
 * @param message what is wrong and how to fix it
 */
public record ConfigError(String file, int line, int column, String path, String value, String message) {

    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (value != null && value.length() > 80) {
            value = value.substring(0, 77) + "...";
        }
    }

    /** One line: {@code jobs/a.yaml:12:5: metrics[2].field: <message> (got 'x')}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line).append(':').append(column);
            }
            sb.append(": ");
        }
        sb.append(path.isEmpty() ? "(document)" : path).append(": ").append(message);
        if (value != null) {
            sb.append(" (got '").append(value).append("')");
        }
        return sb.toString();
    }
}
