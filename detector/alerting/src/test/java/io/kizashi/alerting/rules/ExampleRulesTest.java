package io.kizashi.alerting.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kizashi.core.series.SeriesKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped example rules (alert-rules/) are valid, and they watch what the shipped jobs
 * (deploy/config/jobs/) actually produce: every rule matches at least one job metric, its split matchers
 * and group_by name split fields of such a job, and a forecast rule without its own limit matches only
 * metrics that declare a trend_limit. The YAML examples of SCHEMA.md parse.
 */
class ExampleRulesTest {

    static Path root() {
        String r = System.getProperty("kizashi.repo.root");
        Path p = r == null || r.isBlank() ? Path.of("../..") : Path.of(r);
        return p.toAbsolutePath().normalize();
    }

    /** A job metric: its series key shape (split fields with a placeholder value) and whether it has a trend limit. */
    record JobMetric(String job, String metric, List<String> splitFields, boolean trendLimit) {
        SeriesKey key(String value) {
            Map<String, String> s = new HashMap<>();
            splitFields.forEach(f -> s.put(f, value));
            return new SeriesKey(job, metric, s);
        }
    }

    static List<JobMetric> jobMetrics() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JobMetric> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root().resolve("deploy/config/jobs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode job = yaml.readTree(f.toFile());
                List<String> split = new ArrayList<>();
                JsonNode by = job.path("split").path("by");
                if (by.isArray()) {
                    by.forEach(x -> split.add(x.asText()));
                } else if (by.isTextual()) {
                    split.add(by.asText());
                }
                for (JsonNode m : job.path("metrics")) {
                    out.add(new JobMetric(job.path("job_id").asText(), m.path("name").asText(), split,
                        m.path("detect").has("trend_limit")));
                }
            }
        }
        return out;
    }

    @Test
    void theExampleRulesAreValid() {
        ValidationReport report = AlertRules.validate(root().resolve("alert-rules"));
        assertThat(report.errors()).isEmpty();
        assertThat(report.ruleSet().rules()).extracting(AlertRule::name).contains("api-latency-high", "error-ratio-high",
            "instability-precursor", "db-pool-exhaustion-trend", "gateway-heap-trend", "deploy-level-shift", "job-no-data",
            "datafeed-behind");
        assertThat(report.silenceCount()).isEqualTo(1);
    }

    @Test
    void everyExampleRuleWatchesSomethingTheExampleJobsProduce() throws IOException {
        List<JobMetric> metrics = jobMetrics();
        assertThat(metrics).as("deploy/config/jobs").isNotEmpty();
        for (AlertRule r : AlertRules.load(root().resolve("alert-rules")).rules()) {
            if (r.condition().health()) {
                assertThat(metrics).as("rule %s matches a job id", r.name()).anyMatch(m -> r.selector().matchesJob(m.job()));
                continue;
            }
            // Split values: a placeholder that any pattern accepts is not possible, so try the values the rules name.
            List<JobMetric> matching = metrics.stream().filter(m -> matchesSomeValue(r, m)).toList();
            assertThat(matching).as("rule %s matches a metric of deploy/config/jobs", r.name()).isNotEmpty();
            for (LabelMatcher s : r.selector().splits()) {
                assertThat(matching).as("rule %s: split field %s exists in a matching job", r.name(), s.name())
                    .anyMatch(m -> m.splitFields().contains(s.name()));
            }
            if (r.groupBy() != null) {
                for (String g : r.groupBy()) {
                    assertThat(matching).as("rule %s: group_by %s", r.name(), g)
                        .allMatch(m -> g.equals("job") || g.equals("metric") || m.splitFields().contains(g));
                }
            }
            if (r.condition() instanceof Condition.Forecast f && Double.isNaN(f.limit())) {
                assertThat(matching).as("rule %s uses the job's trend_limit", r.name()).allMatch(JobMetric::trendLimit);
            }
        }
    }

    private static boolean matchesSomeValue(AlertRule r, JobMetric m) {
        List<String> candidates = new ArrayList<>(List.of("x"));
        r.selector().splits().forEach(s -> candidates.addAll(s.patterns()));
        return candidates.stream().anyMatch(v -> r.selector().matches(m.key(v)));
    }

    @Test
    void theSchemaDocumentsExamplesParse() throws IOException {
        String doc = Files.readString(root().resolve("alert-rules/SCHEMA.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int blocks = 0;
        while (m.find()) {
            blocks++;
            RuleFile f = AlertRules.parse(m.group(1), "SCHEMA.md block " + blocks);
            assertThat(f.errors()).as("SCHEMA.md yaml block %d", blocks).isEmpty();
        }
        assertThat(blocks).isEqualTo(3);
        // every variable the engine knows is documented
        for (String v : Template.VARIABLES.keySet()) {
            assertThat(doc).as("SCHEMA.md documents template variable %s", v).contains("`" + v + "`");
        }
    }
}
