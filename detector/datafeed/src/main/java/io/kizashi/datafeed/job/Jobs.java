package io.kizashi.datafeed.job;

import io.kizashi.config.YamlTree;
import io.kizashi.config.ConfigError;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads and validates job files (YAML, one job per file). Validation is strict and complete: unknown
 * fields, wrong types, bad durations, unknown functions and missing fields are all reported at once,
 * each with file, line, path, the value found and the fix. {@link #validate} is the entry point for
 * tools (e.g. {@code kizashi validate}); {@link #load} and {@link #loadAll} for the service.
 */
public final class Jobs {

    private Jobs() {
    }

    /** Parses one job from YAML text; {@code sourceName} names it in error messages (e.g. the file name). */
    public static JobSpec parse(String yaml, String sourceName) {
        List<ConfigError> errors = new ArrayList<>();
        JobSpec job = parse(yaml, sourceName, errors);
        if (!errors.isEmpty()) {
            throw new JobConfigException(errors);
        }
        return job;
    }

    /** Loads one job file. */
    public static JobSpec load(Path file) {
        List<ConfigError> errors = new ArrayList<>();
        JobSpec job = load(file, errors);
        if (!errors.isEmpty()) {
            throw new JobConfigException(errors);
        }
        return job;
    }

    /** Loads every {@code *.yaml}/{@code *.yml} file of a directory (not recursive), in name order; job ids must be unique. */
    public static List<JobSpec> loadAll(Path directory) {
        List<ConfigError> errors = new ArrayList<>();
        List<JobSpec> jobs = loadAll(directory, errors);
        if (!errors.isEmpty()) {
            throw new JobConfigException(errors);
        }
        return jobs;
    }

    /**
     * Every problem of a job file, or of all job files of a directory (including job ids used twice);
     * empty when everything is usable.
     */
    public static List<ConfigError> validate(Path fileOrDirectory) {
        List<ConfigError> errors = new ArrayList<>();
        if (Files.isDirectory(fileOrDirectory)) {
            loadAll(fileOrDirectory, errors);
        } else {
            load(fileOrDirectory, errors);
        }
        return errors;
    }

    /** Every problem of a job given as YAML text; empty when it is usable. */
    public static List<ConfigError> validate(String yaml, String sourceName) {
        List<ConfigError> errors = new ArrayList<>();
        parse(yaml, sourceName, errors);
        return errors;
    }

    private static JobSpec parse(String yaml, String sourceName, List<ConfigError> errors) {
        YamlTree tree = new YamlTree(sourceName, errors, "a job needs at least job_id, source (indices, bucket_span) and metrics", "put one job per file");
        JsonNode root = tree.read(yaml);
        return new JobParser(sourceName, tree, errors).parse(root);
    }

    private static JobSpec load(Path file, List<ConfigError> errors) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(new ConfigError(file.toString(), 0, 0, "", null, "cannot read the file (" + e + "): check the path and permissions"));
            return null;
        }
        return parse(text, file.toString(), errors);
    }

    private static List<JobSpec> loadAll(Path directory, List<ConfigError> errors) {
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
                .sorted().toList();
        } catch (IOException e) {
            errors.add(new ConfigError(directory.toString(), 0, 0, "", null, "cannot list the job directory (" + e + ")"));
            return List.of();
        }
        if (files.isEmpty()) {
            errors.add(new ConfigError(directory.toString(), 0, 0, "", null, "no job files (*.yaml, *.yml) in this directory"));
        }
        List<JobSpec> jobs = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            JobSpec job = load(f, errors);
            if (job == null) {
                continue;
            }
            Path other = seen.putIfAbsent(job.id(), f);
            if (other != null) {
                errors.add(new ConfigError(f.toString(), 0, 0, "job_id", job.id(),
                    "job_id is already used by " + other.getFileName() + ": every job needs its own id (its checkpoint is kept under it)"));
            } else {
                jobs.add(job);
            }
        }
        return jobs;
    }
}
