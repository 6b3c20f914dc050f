package io.kizashi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    @TempDir
    Path tmp;
    private final CliRun cli = new CliRun();

    static Path root() {
        String r = System.getProperty("kizashi.repo.root");
        return (r == null || r.isBlank() ? Path.of("../..") : Path.of(r)).toAbsolutePath().normalize();
    }

    @Test
    void theShippedRulesAndJobsAreValid() {
        assertThat(cli.run("validate", root().resolve("alert-rules").toString(), root().resolve("deploy/config/jobs").toString()))
            .as("stderr: %s", cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).contains("api-latency.yaml: ok (2 rules)").contains("maintenance.yaml: ok (1 silence)")
            .contains("mdm-requests.yaml: ok (job mdm-requests)");
        assertThat(cli.out().lines().toList().getLast()).matches("checked \\d+ files: \\d+ rule files \\(\\d+ valid rules,"
            + " 1 silence\\), \\d+ job files; no problems");
    }

    @Test
    void everyProblemOfRulesAndJobsIsListedAndTheExitCodeIs2() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("alert-rules"));
        Files.writeString(rules.resolve("good.yaml"), "name: latency\ncondition: {score: {min: 75}}\n");
        Files.writeString(rules.resolve("bad.yaml"), """
            rules:
              - name: a
                condition: {score: {min: 75, count: 4, of: 2}}
                for: soon
              - name: b
                condition: {precursor: {min: 7}}
            """);
        Path jobs = Files.createDirectories(tmp.resolve("jobs"));
        Files.writeString(jobs.resolve("broken.yaml"), "job_id: Bad Id\nsource: {indices: x, bucket_span: 1m}\nmetrics: [{name: n, function: count}]\n");
        Files.writeString(jobs.resolve("ok.yaml"), "job_id: fine\nsource: {indices: x, bucket_span: 1m}\nmetrics: [{name: n, function: count}]\n");
        Files.writeString(jobs.resolve("same.yaml"), "job_id: fine\nsource: {indices: x, bucket_span: 1m}\nmetrics: [{name: n, function: count}]\n");

        assertThat(cli.run("validate", rules.toString(), jobs.toString())).isEqualTo(2);
        String e = cli.err();
        assertThat(e).contains(rules.resolve("bad.yaml") + ":3:44: rules[0].condition.score.of:")
            .contains(rules.resolve("bad.yaml") + ":4:5: rules[0].for: not a duration")
            .contains(rules.resolve("bad.yaml") + ":6:29: rules[1].condition.precursor.min:")
            .contains(jobs.resolve("broken.yaml").toString())
            .contains(jobs.resolve("same.yaml") + ": job_id: job id 'fine' is already used by " + jobs.resolve("ok.yaml"));
        assertThat(cli.out()).contains(rules.resolve("good.yaml") + ": ok (1 rule)")
            .contains(jobs.resolve("ok.yaml") + ": ok (job fine)");
        assertThat(cli.out().lines().toList().getLast()).startsWith("checked 5 files: 2 rule files (1 valid rule, 0 silences), 3 job files;")
            .endsWith("problems");
    }

    @Test
    void filesAreDispatchedByContentAndMissingPathsAreErrors() throws Exception {
        Path mixed = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(mixed.resolve("job.yaml"), "job_id: fine\nsource: {indices: x, bucket_span: 1m}\nmetrics: [{name: n, function: count}]\n");
        Files.writeString(mixed.resolve("rule.yaml"), "name: latency\ncondition: {score: {min: 75}}\n");
        assertThat(cli.run("validate", mixed.toString())).as("stderr: %s", cli.err()).isZero();
        assertThat(cli.out()).contains("job.yaml: ok (job fine)").contains("rule.yaml: ok (1 rule)");

        assertThat(cli.run("validate", tmp.resolve("nope").toString())).isEqualTo(2);
        assertThat(cli.err()).contains(tmp.resolve("nope") + ": no such file or directory");
        assertThat(cli.run("validate")).isEqualTo(2); // PATH is required
    }
}
