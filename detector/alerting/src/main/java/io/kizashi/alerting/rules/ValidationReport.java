package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of validating rule files: per file what is valid and what is wrong, plus problems across
 * files (a rule name used twice) attached to the later file.
 *
 * @param files every file read, in path order
 */
public record ValidationReport(List<RuleFile> files) {

    public ValidationReport {
        files = List.copyOf(files);
    }

    /** Every problem of every file, in path and file order. */
    public List<ConfigError> errors() {
        List<ConfigError> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.errors()));
        return all;
    }

    public boolean ok() {
        return files.stream().allMatch(RuleFile::ok);
    }

    public int ruleCount() {
        return files.stream().mapToInt(f -> f.rules().size()).sum();
    }

    public int silenceCount() {
        return files.stream().mapToInt(f -> f.silences().size()).sum();
    }

    /** The valid rules and silences of every file (the good ones run even when another is bad), and all problems. */
    public RuleSet ruleSet() {
        List<AlertRule> rules = new ArrayList<>();
        List<Silence> silences = new ArrayList<>();
        for (RuleFile f : files) {
            rules.addAll(f.rules());
            silences.addAll(f.silences());
        }
        return new RuleSet(rules, silences, errors());
    }
}
