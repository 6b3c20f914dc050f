package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reading and validating alert rule files ({@code *.yaml}, {@code *.yml}; one rule or one group per file;
 * the schema is documented in {@code alert-rules/SCHEMA.md}). Used by {@code kizashi validate} and by the
 * service, which runs the valid rules and reports the others.
 */
public final class AlertRules {

    private AlertRules() {
    }

    /** Parses and validates one file's text; {@code source} names it in errors. */
    public static RuleFile parse(String yaml, String source) {
        return RuleParser.parse(yaml, source);
    }

    /** Parses text that must be entirely valid (for code and tests). */
    public static RuleSet parseStrict(String yaml, String source) {
        RuleFile f = parse(yaml, source);
        if (!f.ok()) {
            throw new RuleValidationException(f.errors());
        }
        return new RuleSet(f.rules(), f.silences(), List.of());
    }

    /**
     * Validates files and directories (searched recursively for {@code *.yaml} and {@code *.yml}, in path
     * order). Names must be unique across all of them; a repeated name is an error of the later file.
     */
    public static ValidationReport validate(Path... paths) {
        return validate(List.of(paths));
    }

    public static ValidationReport validate(List<Path> paths) {
        List<RuleFile> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                files.add(new RuleFile(p.toString(), List.of(), List.of(),
                    List.of(new ConfigError(p.toString(), 0, 0, "", null, "no such file or directory")), List.of()));
                continue;
            }
            for (Path f : ruleFiles(p)) {
                files.add(read(f));
            }
        }
        return new ValidationReport(crossFileChecks(files));
    }

    /** The rules in force from a directory: the valid ones, with the problems of the others in {@link RuleSet#errors()}. */
    public static RuleSet load(Path dir) {
        return validate(dir).ruleSet();
    }

    /**
     * Reloads a directory while rules run: a file that now has problems keeps the rules (and silences) it
     * had in {@code previous} (as Prometheus keeps its old configuration on a failed reload), so fixing a
     * typo in one file cannot silently switch off its alerts; files without problems take effect.
     */
    public static RuleSet reload(RuleSet previous, Path dir) {
        ValidationReport report = validate(dir);
        List<AlertRule> rules = new ArrayList<>();
        List<Silence> silences = new ArrayList<>();
        Map<String, AlertRule> byName = new LinkedHashMap<>();
        for (RuleFile f : report.files()) {
            if (f.ok()) {
                f.rules().forEach(r -> byName.putIfAbsent(r.name(), r));
                silences.addAll(f.silences());
            } else {
                previous.rules().stream().filter(r -> f.source().equals(r.source())).forEach(r -> byName.putIfAbsent(r.name(), r));
                previous.silences().stream().filter(s -> f.source().equals(s.source())).forEach(silences::add);
            }
        }
        rules.addAll(byName.values());
        return new RuleSet(rules, silences, report.errors());
    }

    private static RuleFile read(Path f) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            return new RuleFile(f.toString(), List.of(), List.of(),
                List.of(new ConfigError(f.toString(), 0, 0, "", null, "not UTF-8 text: save the file as UTF-8")), List.of());
        } catch (NoSuchFileException e) {
            return new RuleFile(f.toString(), List.of(), List.of(),
                List.of(new ConfigError(f.toString(), 0, 0, "", null, "no such file")), List.of());
        } catch (IOException e) {
            return new RuleFile(f.toString(), List.of(), List.of(),
                List.of(new ConfigError(f.toString(), 0, 0, "", null, "cannot read: " + e.getMessage())), List.of());
        }
        return parse(text, f.toString());
    }

    private static List<Path> ruleFiles(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile)
                .filter(f -> {
                    String n = f.getFileName().toString();
                    return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".");
                })
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rule files under " + p + ": " + e.getMessage(), e);
        }
    }

    /** Rule and silence names are unique across files: the later file's duplicate is an error and is dropped. */
    private static List<RuleFile> crossFileChecks(List<RuleFile> files) {
        Map<String, String> ruleOwner = new HashMap<>();
        Map<String, String> silenceOwner = new HashMap<>();
        List<RuleFile> out = new ArrayList<>();
        for (RuleFile f : files) {
            List<ConfigError> errors = new ArrayList<>(f.errors());
            List<AlertRule> rules = new ArrayList<>();
            for (AlertRule r : f.rules()) {
                String first = ruleOwner.putIfAbsent(r.name(), f.source());
                if (first != null) {
                    errors.add(new ConfigError(f.source(), 0, 0, "name", r.name(),
                        "rule name already used in " + first + ": alert names must be unique across files"));
                } else {
                    rules.add(r);
                }
            }
            for (String d : f.disabled()) {
                ruleOwner.putIfAbsent(d, f.source());
            }
            List<Silence> silences = new ArrayList<>();
            for (Silence s : f.silences()) {
                String first = silenceOwner.putIfAbsent(s.name(), f.source());
                if (first != null) {
                    errors.add(new ConfigError(f.source(), 0, 0, "silences", s.name(),
                        "silence name already used in " + first + ": silence names must be unique across files"));
                } else {
                    silences.add(s);
                }
            }
            out.add(new RuleFile(f.source(), rules, silences, errors, f.disabled()));
        }
        return out;
    }
}
