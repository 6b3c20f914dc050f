package io.kizashi.core.change;

/** What changed at a change point. */
public enum ChangeType {
    /** The level moved and stayed there (a deploy, a migration, a new customer). */
    LEVEL_SHIFT("level_shift"),
    /** The spread of the series grew or shrank and stayed so. */
    VARIANCE_CHANGE("variance_change");

    private final String code;

    ChangeType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
