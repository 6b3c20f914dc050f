package io.kizashi.results;

/** Severity bands of a 0-100 score (the same bands Elastic ML uses). */
public enum Severity {
    WARNING("warning", 0), MINOR("minor", 25), MAJOR("major", 50), CRITICAL("critical", 75);

    private final String code;
    private final double from;

    Severity(String code, double from) {
        this.code = code;
        this.from = from;
    }

    public String code() {
        return code;
    }

    public static Severity of(double score) {
        Severity s = WARNING;
        for (Severity v : values()) {
            if (score >= v.from) {
                s = v;
            }
        }
        return s;
    }
}
