package io.kizashi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kizashi.alerting.rules.AlertRules;
import io.kizashi.alerting.rules.RuleFile;
import io.kizashi.alerting.rules.ValidationReport;
import io.kizashi.config.ConfigError;
import io.kizashi.datafeed.job.Jobs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code kizashi validate PATH...}: checks alert rule files and job files (files or directories, searched
 * recursively for *.yaml and *.yml) and lists every problem with file, line, field and fix. A file is a
 * job when it has a top-level {@code job_id}, an alert rule file when it has {@code rules}, {@code silences}
 * or {@code condition}; otherwise its folder decides ({@code jobs/} or {@code alert-rules/}), and alert rules
 * are the default. Exit code 0 when everything is valid, 2 otherwise.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check alert rule files and job files; list every problem with file, line, field and fix.",
        "Exit code 0 when all are valid, 2 otherwise."})
public final class ValidateCommand implements Callable<Integer> {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule or job files, or directories (e.g. alert-rules/ deploy/config/jobs/).")
    List<Path> paths;

    enum Kind { RULES, JOB }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int problems = 0;
        List<Path> ruleFiles = new ArrayList<>();
        List<Path> jobFiles = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println(p + ": no such file or directory");
                problems++;
                continue;
            }
            List<Path> files = yamlFiles(p);
            if (files.isEmpty()) {
                err.println(p + ": no .yaml or .yml files here");
                problems++;
            }
            for (Path f : files) {
                (kind(f) == Kind.JOB ? jobFiles : ruleFiles).add(f);
            }
        }

        int rules = 0;
        int silences = 0;
        if (!ruleFiles.isEmpty()) {
            ValidationReport report = AlertRules.validate(ruleFiles);
            for (RuleFile f : report.files()) {
                if (f.ok()) {
                    List<String> what = new ArrayList<>();
                    if (!f.rules().isEmpty() || f.silences().isEmpty()) {
                        what.add(plural(f.rules().size(), "rule"));
                    }
                    if (!f.silences().isEmpty()) {
                        what.add(plural(f.silences().size(), "silence"));
                    }
                    if (!f.disabled().isEmpty()) {
                        what.add(f.disabled().size() + " disabled");
                    }
                    out.println(f.source() + ": ok (" + String.join(", ", what) + ")");
                } else {
                    f.errors().forEach(e -> err.println(e));
                    problems += f.errors().size();
                }
            }
            rules = report.ruleCount();
            silences = report.silenceCount();
        }

        Map<String, Path> jobIds = new LinkedHashMap<>();
        for (Path f : jobFiles) {
            List<ConfigError> errors = Jobs.validate(f);
            if (errors.isEmpty()) {
                String id = Jobs.load(f).id();
                Path first = jobIds.putIfAbsent(id, f);
                if (first != null) {
                    err.println(f + ": job_id: job id '" + id + "' is already used by " + first + ": job ids must be unique");
                    problems++;
                } else {
                    out.println(f + ": ok (job " + id + ")");
                }
            } else {
                errors.forEach(e -> err.println(e));
                problems += errors.size();
            }
        }

        out.println("checked " + plural(ruleFiles.size() + jobFiles.size(), "file") + ": " + plural(ruleFiles.size(), "rule file")
            + " (" + plural(rules, "valid rule") + ", " + plural(silences, "silence") + "), " + plural(jobFiles.size(), "job file")
            + "; " + (problems == 0 ? "no problems" : plural(problems, "problem")));
        out.flush();
        err.flush();
        return problems == 0 ? 0 : 2;
    }

    static Kind kind(Path f) {
        try {
            JsonNode root = YAML.readTree(f.toFile());
            if (root != null && root.isObject()) {
                if (root.has("job_id")) {
                    return Kind.JOB;
                }
                if (root.has("rules") || root.has("silences") || root.has("condition")) {
                    return Kind.RULES;
                }
            }
        } catch (IOException e) {
            // not readable as YAML: the folder decides, and that validator reports the syntax error
        }
        for (Path p = f.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (name.equals("jobs")) {
                return Kind.JOB;
            }
            if (name.equals("alert-rules")) {
                return Kind.RULES;
            }
        }
        return Kind.RULES;
    }

    private static List<Path> yamlFiles(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
        }
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
