package io.kizashi.alerting.rules;

import java.util.Arrays;
import java.util.Optional;

/** How urgent an alert is; becomes the {@code severity} label Alertmanager routes on. */
public enum Severity {
    /** Wakes someone up. */
    CRITICAL("critical"),
    /** Needs attention during working hours. */
    WARNING("warning"),
    /** For dashboards and chat, never pages. */
    INFO("info");

    private final String code;

    Severity(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Severity> byCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }
}
