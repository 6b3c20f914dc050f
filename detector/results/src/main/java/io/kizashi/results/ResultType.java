package io.kizashi.results;

/** The kinds of result documents, as in Elastic ML's {@code result_type}. */
public enum ResultType {
    /** One per job per bucket: the job-level score, how many series deviate, and the influencers. */
    BUCKET("bucket"),
    /** One per series per bucket: actual, expected, bounds, score. */
    RECORD("record"),
    /** Expected value and interval of a future bucket. */
    FORECAST("forecast"),
    /** A confirmed level shift or variance change. */
    CHANGEPOINT("changepoint"),
    /** A significant trend, with the time its forecast reaches a limit. */
    TREND("trend");

    private final String code;

    ResultType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
