package io.kizashi.alerting.rules;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Matches one label (or a series' job, metric or split field) against glob patterns: {@code *} is any run
 * of characters, {@code ?} one character, everything else literal. A value matches when it matches any
 * pattern; a negated matcher matches when it matches none. A missing value is the empty string.
 *
 * @param name     label or field name
 * @param patterns glob patterns (at least one)
 * @param negated  true for {@code {not: [...]}}
 */
public record LabelMatcher(String name, List<String> patterns, boolean negated) {

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("matcher '" + name + "' needs at least one pattern");
        }
    }

    public static LabelMatcher is(String name, String... patterns) {
        return new LabelMatcher(name, List.of(patterns), false);
    }

    public static LabelMatcher not(String name, String... patterns) {
        return new LabelMatcher(name, List.of(patterns), true);
    }

    /** True when the value (null = absent = "") matches. */
    public boolean matches(String value) {
        String v = value == null ? "" : value;
        boolean any = false;
        for (String p : patterns) {
            if (glob(p, v)) {
                any = true;
                break;
            }
        }
        return any != negated;
    }

    /** Glob match without regex backtracking blow-ups (iterative with one star backtrack point). */
    static boolean glob(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Text like {@code service_name="device-*"} or {@code job![a, b]} for logs and messages. */
    @Override
    public String toString() {
        return name + (negated ? "!" : "=") + (patterns.size() == 1 ? "\"" + patterns.getFirst() + "\"" : patterns.toString());
    }

    /** Label names Alertmanager accepts. */
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
}
