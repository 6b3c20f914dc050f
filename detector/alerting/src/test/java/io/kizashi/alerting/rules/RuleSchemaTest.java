package io.kizashi.alerting.rules;

import io.kizashi.config.ConfigError;
import io.kizashi.core.change.ChangeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule file schema: what parses to what, and what malformed files report (every problem, with path and fix). */
class RuleSchemaTest {

    static final String GROUP = """
        group: mdm-api
        labels: {team: mdm-core}
        rules:
          - name: api-latency-high
            description: p95 latency far above its baseline on any service
            match:
              job: mdm-http
              metric: [p95_latency, p99_latency]
              splits: {service.name: {not: [canary-*]}}
            condition:
              score: {min: 75, count: 3, of: 5, direction: high}
            for: 2m
            keep_firing_for: 10m
            severity: critical
            group_by: [job, service.name]
            cooldown: 30m
            rate_limit: {max: 5, per: 1h}
            stale_after: 45m
            false_positive_mute: 12h
            labels: {page: "true"}
            annotations:
              summary: "{{ metric }} of {{ labels.service_name }} is {{ value | %.0f }} (expected {{ expected }})"
          - name: heap-trend
            condition: {forecast: {within: 6h, limit: 0.9, direction: above}}
        silences:
          - name: weekly-db
            comment: DB maintenance, ticket OPS-12
            match: {service.name: enrollment}
            every: {days: [sat, sun], from: "23:00", to: "01:00", timezone: Asia/Tokyo}
        """;

    @Test
    void aGroupFileParsesEveryFieldWithItsValue() {
        RuleFile f = AlertRules.parse(GROUP, "mdm.yaml");
        assertThat(f.errors()).isEmpty();
        assertThat(f.rules()).hasSize(2);
        AlertRule r = f.rules().getFirst();
        assertThat(r.name()).isEqualTo("api-latency-high");
        assertThat(r.group()).isEqualTo("mdm-api");
        assertThat(r.source()).isEqualTo("mdm.yaml");
        assertThat(r.condition()).isEqualTo(new Condition.Score(75, new Condition.Window(3, 5), Condition.Side.HIGH, Condition.Measure.RAW));
        assertThat(r.selector().job()).containsExactly(LabelMatcher.is("job", "mdm-http"));
        assertThat(r.selector().metric()).containsExactly(LabelMatcher.is("metric", "p95_latency", "p99_latency"));
        assertThat(r.selector().splits()).containsExactly(LabelMatcher.not("service.name", "canary-*"));
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.keepFiringFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.groupBy()).containsExactly("job", "service.name");
        assertThat(r.cooldown()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.rateLimit()).isEqualTo(new RateLimit(5, Duration.ofHours(1)));
        assertThat(r.staleAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(r.falsePositiveMute()).isEqualTo(Duration.ofHours(12));
        assertThat(r.labels()).containsExactly(Map.entry("page", "true"), Map.entry("team", "mdm-core"));
        assertThat(r.annotations().get("summary").variables()).containsExactly("metric", "labels.service_name", "value", "expected");

        AlertRule h = f.rules().get(1);
        assertThat(h.condition()).isEqualTo(new Condition.Forecast(Duration.ofHours(6), 0.9, true, Condition.Window.ONE));
        // defaults
        assertThat(h.severity()).isEqualTo(Severity.WARNING);
        assertThat(h.forDuration()).isZero();
        assertThat(h.groupBy()).isNull();
        assertThat(h.staleAfter()).isEqualTo(AlertRule.DEFAULT_STALE_AFTER);
        assertThat(h.labels()).containsExactly(Map.entry("team", "mdm-core"));

        assertThat(f.silences()).singleElement().satisfies(s -> {
            assertThat(s.matchers()).containsExactly(LabelMatcher.is("service_name", "enrollment"));
            assertThat(s.schedule()).isEqualTo(new Silence.Weekly(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                LocalTime.of(23, 0), LocalTime.of(1, 0), ZoneId.of("Asia/Tokyo")));
        });
    }

    @Test
    void aSingleRuleFileAndEveryConditionKind() {
        RuleSet s = AlertRules.parseStrict("""
            name: shift
            condition: {change_point: {min_magnitude: 4, type: level_shift, direction: down}}
            keep_firing_for: 30m
            """, "one.yaml");
        assertThat(s.rules()).singleElement().extracting(AlertRule::condition)
            .isEqualTo(new Condition.ChangePoint(4, ChangeType.LEVEL_SHIFT, Condition.Side.LOW));
        assertThat(AlertRules.parseStrict("name: p\ncondition: {precursor: {min: 0.7, count: 2}}\n", "p.yaml").rules().getFirst().condition())
            .isEqualTo(new Condition.Precursor(0.7, new Condition.Window(2, 2)));
        assertThat(AlertRules.parseStrict("name: p\ncondition: {precursor: {count: 2, of: 3}}\n", "p.yaml").rules().getFirst().condition())
            .as("without min: the model's own threshold").isEqualTo(new Condition.Precursor(Double.NaN, new Condition.Window(2, 3)));
        assertThat(AlertRules.parseStrict("name: n\ncondition: {no_data: {longer_than: 15m}}\n", "n.yaml").rules().getFirst().condition())
            .isEqualTo(new Condition.NoData(Duration.ofMinutes(15)));
        assertThat(AlertRules.parseStrict("name: b\ncondition: {datafeed_behind: {more_than: 1h30m}}\nmatch: {job: mdm-*}\n", "b.yaml")
            .rules().getFirst().condition()).isEqualTo(new Condition.DatafeedBehind(Duration.ofMinutes(90)));
        assertThat(AlertRules.parseStrict("name: e\ncondition: {score: {min: 50, measure: event}}\n", "e.yaml").rules().getFirst().condition())
            .isEqualTo(new Condition.Score(50, Condition.Window.ONE, Condition.Side.ANY, Condition.Measure.EVENT));
        assertThat(AlertRules.parse("name: parked\nenabled: false\ncondition: {score: {min: 50}}\n", "off.yaml"))
            .satisfies(f -> {
                assertThat(f.rules()).isEmpty();
                assertThat(f.disabled()).containsExactly("parked");
                assertThat(f.ok()).isTrue();
            });
        // YAML 1.1 reads an unquoted off as a boolean: the message says so
        assertThat(AlertRules.parse("name: off\ncondition: {score: {min: 50}}\n", "off.yaml").errors()).singleElement()
            .extracting(ConfigError::message).asString().contains("quote the value");
    }

    /** path -> message fragment, for a file with one problem per rule. */
    @Test
    void aMalformedFileListsEveryProblemWithItsPathValueAndFix() {
        String yaml = """
            rules:
              - name: typo
                condition: {score: {min: 75}}
                keep_firing: 5m
              - name: window
                condition: {score: {min: 75, count: 5, of: 3}}
              - name: dur
                condition: {score: {min: 75}}
                for: 5 minutes
              - name: sev
                condition: {score: {min: 75}}
                severity: page
              - name: tmpl-label
                condition: {score: {min: 75}}
                labels: {service: "{{ series }}"}
              - name: tmpl-var
                condition: {score: {min: 75}}
                annotations: {summary: "{{ valeu }} is high"}
              - name: two
                condition: {score: {min: 75}, precursor: {min: 0.5}}
              - name: none
              - name: health-metric
                match: {metric: p95_latency}
                condition: {no_data: {longer_than: 10m}}
              - name: cp-for
                condition: {change_point: {min_magnitude: 4}}
                for: 5m
              - name: range
                condition: {score: {min: 120}}
              - name: reserved
                condition: {precursor: {min: 0.7}}
                labels: {severity: high}
              - name: bad name!
                condition: {score: {min: 75}}
              - name: ok
                condition: {score: {min: 75}}
            """;
        RuleFile f = AlertRules.parse(yaml, "bad.yaml");
        assertThat(f.rules()).extracting(AlertRule::name).containsExactly("ok"); // the good one is kept
        assertThat(f.errors()).extracting(ConfigError::path).containsExactly(
            "rules[0].keep_firing", "rules[1].condition.score.of", "rules[2].for", "rules[3].severity",
            "rules[4].labels.service", "rules[5].annotations.summary", "rules[6].condition", "rules[7].condition",
            "rules[8].match", "rules[9].for", "rules[10].condition.score.min", "rules[11].labels.severity", "rules[12].name");
        Map<String, ConfigError> byPath = new java.util.HashMap<>();
        f.errors().forEach(e -> byPath.put(e.path(), e));
        assertThat(byPath.get("rules[0].keep_firing").message()).contains("did you mean 'keep_firing_for'?");
        assertThat(byPath.get("rules[0].keep_firing").line()).isEqualTo(4);
        assertThat(byPath.get("rules[1].condition.score.of").toString())
            .isEqualTo("bad.yaml:6:44: rules[1].condition.score.of: of (the last M buckets) must be >= count (5): e.g. count: 5, of: 8 (got '3')");
        assertThat(byPath.get("rules[2].for").message()).contains("e.g. 5m, 1h30m");
        assertThat(byPath.get("rules[2].for").value()).isEqualTo("5 minutes");
        assertThat(byPath.get("rules[3].severity").message()).isEqualTo("severity is one of critical, warning, info");
        assertThat(byPath.get("rules[4].labels.service").message()).contains("put templates in annotations");
        assertThat(byPath.get("rules[5].annotations.summary").message()).startsWith("unknown template variable 'valeu'");
        assertThat(byPath.get("rules[6].condition").message()).contains("exactly one of");
        assertThat(byPath.get("rules[7].condition").message()).startsWith("a rule needs a condition");
        assertThat(byPath.get("rules[8].match").message()).contains("match only on job");
        assertThat(byPath.get("rules[9].for").message()).contains("use keep_firing_for");
        assertThat(byPath.get("rules[10].condition.score.min").message()).contains("0 < min <= 100");
        assertThat(byPath.get("rules[11].labels.severity").message()).contains("use the rule's severity field");
        assertThat(byPath.get("rules[12].name").message()).contains("starts with a letter");
    }

    @Test
    void documentLevelProblems() {
        assertThat(AlertRules.parse("", "e.yaml").errors()).singleElement().extracting(ConfigError::message).asString()
            .startsWith("the file is empty");
        assertThat(AlertRules.parse("name: [unclosed\n", "y.yaml").errors()).singleElement().extracting(ConfigError::message).asString()
            .startsWith("not valid YAML");
        assertThat(AlertRules.parse("- a\n- b\n", "l.yaml").errors()).singleElement().extracting(ConfigError::message).asString()
            .startsWith("a rule file is a mapping");
        assertThat(AlertRules.parse("name: a\ncondition: {score: {min: 75}}\n---\nname: b\n", "two.yaml").errors())
            .singleElement().extracting(ConfigError::message).asString().contains("more than one YAML document");
        assertThat(AlertRules.parse("name: a\nname: b\ncondition: {score: {min: 75}}\n", "dup.yaml").errors())
            .singleElement().satisfies(e -> {
                assertThat(e.message()).isEqualTo("key 'name' appears twice: keep one");
                assertThat(e.line()).isEqualTo(2);
            });
        assertThat(AlertRules.parse("group: g\nrules: []\nextra: 1\n", "g.yaml").errors()).extracting(ConfigError::path)
            .containsExactly("rules", "extra"); // in file order
        assertThat(AlertRules.parse("rules:\n  - name: a\n    condition: {score: {min: 75}}\n  - name: a\n    condition: {score: {min: 80}}\n",
            "same.yaml").errors()).singleElement().extracting(ConfigError::path).isEqualTo("rules[1].name");
    }

    @Test
    void malformedSilences() {
        String yaml = """
            silences:
              - name: no-time
                match: {job: mdm-http}
              - name: backwards
                match: {job: mdm-http}
                starts_at: 2025-06-01T04:00:00Z
                ends_at: 2025-06-01T02:00:00Z
              - name: everything
                match: {}
                starts_at: 2025-06-01T02:00:00Z
                ends_at: 2025-06-01T04:00:00Z
              - name: weekly
                match: {job: mdm-http}
                every: {days: [sunday, funday], from: "2am", to: "04:00", timezone: Mars/Olympus}
              - name: no-zone-time
                match: {job: mdm-http}
                starts_at: 2025-06-01T02:00:00
                ends_at: 2025-06-01T04:00:00Z
            """;
        RuleFile f = AlertRules.parse(yaml, "s.yaml");
        assertThat(f.silences()).isEmpty();
        assertThat(f.errors()).extracting(ConfigError::path).containsExactly("silences[0]", "silences[1].ends_at",
            "silences[2].match", "silences[3].every.days[1]", "silences[3].every.from", "silences[3].every.timezone",
            "silences[4].starts_at");
        assertThat(f.errors().get(2).message()).contains("would silence everything");
        assertThat(f.errors().get(4).message()).contains("HH:MM");
    }

    @Test
    void silenceSchedulesIncludingWindowsPastMidnightAndDaylightSaving() {
        Silence.Weekly w = new Silence.Weekly(Set.of(DayOfWeek.SATURDAY), LocalTime.of(23, 0), LocalTime.of(1, 0), ZoneId.of("Europe/Paris"));
        // Saturday 2025-03-29 23:30 Paris (UTC+1) and Sunday 00:30 belong to Saturday's window; Sunday 23:30 does not.
        assertThat(w.activeAt(Instant.parse("2025-03-29T22:30:00Z"))).isTrue();
        assertThat(w.activeAt(Instant.parse("2025-03-29T23:30:00Z"))).isTrue();
        assertThat(w.activeAt(Instant.parse("2025-03-29T21:59:00Z"))).isFalse();
        assertThat(w.activeAt(Instant.parse("2025-03-30T21:30:00Z"))).isFalse(); // Sunday 23:30 CEST
        // The window follows local time across the DST change of 2025-03-30: next Saturday 23:00 CEST = 21:00Z.
        assertThat(w.activeAt(Instant.parse("2025-04-05T21:00:00Z"))).isTrue();
        assertThat(w.activeAt(Instant.parse("2025-04-05T20:59:59Z"))).isFalse();

        Silence s = new Silence("m", "", List.of(LabelMatcher.is("service_name", "device-*")),
            new Silence.Once(Instant.parse("2025-06-01T02:00:00Z"), Instant.parse("2025-06-01T04:00:00Z")), null);
        assertThat(s.silences(Map.of("service_name", "device-api"), Instant.parse("2025-06-01T02:00:00Z"))).isTrue();
        assertThat(s.silences(Map.of("service_name", "device-api"), Instant.parse("2025-06-01T04:00:00Z"))).isFalse();
        assertThat(s.silences(Map.of("service_name", "enrollment"), Instant.parse("2025-06-01T03:00:00Z"))).isFalse();
        assertThatThrownBy(() -> new Silence("all", "", List.of(), s.schedule(), null))
            .hasMessageContaining("would silence everything");
    }

    @Test
    void matchersAndDurationsAndTemplates() {
        assertThat(LabelMatcher.is("s", "device-*").matches("device-api")).isTrue();
        assertThat(LabelMatcher.is("s", "device-*").matches("xdevice-api")).isFalse();
        assertThat(LabelMatcher.is("s", "a?c").matches("abc")).isTrue();
        assertThat(LabelMatcher.is("s", "*").matches(null)).isTrue();
        assertThat(LabelMatcher.is("s", "x").matches(null)).isFalse();
        assertThat(LabelMatcher.not("s", "canary-*", "test").matches("test")).isFalse();
        assertThat(LabelMatcher.not("s", "canary-*").matches("device-api")).isTrue();
        assertThat(LabelMatcher.glob("*a*a*a*a*a*a*b", "a".repeat(60))).isFalse(); // no exponential backtracking

        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("2w")).contains(Duration.ofDays(14));
        assertThat(Durations.parse("0")).contains(Duration.ZERO);
        assertThat(Durations.parse("5")).isEmpty();
        assertThat(Durations.parse("-5m")).isEmpty();
        assertThat(Durations.parse("1.5h")).isEmpty();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");

        List<String> problems = new java.util.ArrayList<>();
        Template t = Template.parse("{{value|%.2f}} vs {{ expected }} at {{ bucket }}", problems);
        assertThat(problems).isEmpty();
        assertThat(t.render(Map.<String, Object>of("value", 3.14159, "expected", 2.0, "bucket", Instant.parse("2025-01-01T00:00:00Z"))::get))
            .isEqualTo("3.14 vs 2 at 2025-01-01T00:00:00Z");
        Template.parse("{{ series | %.1f }} {{ value | %q }} {{ open", problems);
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("a format applies to numbers only");
        assertThat(problems.get(1)).contains("is not a number format");
        assertThat(problems.get(2)).contains("never closed");
        assertThat(Template.number(0.000123)).isEqualTo("1.230e-04");
        assertThat(Template.number(12345.678)).isEqualTo("12350");
        assertThat(Template.number(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void validatingADirectoryKeepsTheGoodFilesAndReportsTheOthers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "name: latency\ncondition: {score: {min: 75}}\n");
        Files.writeString(dir.resolve("b.yml"), "name: broken\ncondition: {score: {min: 75}}\nfor: soon\n");
        Files.createDirectories(dir.resolve("team"));
        Files.writeString(dir.resolve("team/c.yaml"), "name: latency\ncondition: {precursor: {min: 0.7}}\n");
        Files.writeString(dir.resolve("README.md"), "not a rule");
        ValidationReport report = AlertRules.validate(dir);
        assertThat(report.files()).extracting(RuleFile::source)
            .containsExactly(dir.resolve("a.yaml").toString(), dir.resolve("b.yml").toString(), dir.resolve("team/c.yaml").toString());
        assertThat(report.ok()).isFalse();
        assertThat(report.errors()).extracting(ConfigError::toString).containsExactly(
            dir.resolve("b.yml") + ":3:1: for: not a duration: write a number with a unit (ms, s, m, h, d, w), e.g. 5m, 1h30m (got 'soon')",
            dir.resolve("team/c.yaml") + ": name: rule name already used in " + dir.resolve("a.yaml")
                + ": alert names must be unique across files (got 'latency')");
        RuleSet set = report.ruleSet();
        assertThat(set.rules()).extracting(AlertRule::name).containsExactly("latency");
        assertThat(set.rule("latency").orElseThrow().condition()).isInstanceOf(Condition.Score.class);

        assertThat(AlertRules.validate(dir.resolve("missing")).errors()).singleElement().extracting(ConfigError::message)
            .isEqualTo("no such file or directory");
    }

    @Test
    void aReloadKeepsTheRulesOfAFileThatBecameInvalid(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.writeString(a, "name: latency\ncondition: {score: {min: 75}}\n");
        Files.writeString(b, "name: errors\ncondition: {score: {min: 60}}\n");
        RuleSet first = AlertRules.load(dir);
        assertThat(first.rules()).extracting(AlertRule::name).containsExactly("latency", "errors");

        Files.writeString(a, "name: latency\ncondition: {score: {min: 80}}\nfor: typo\n"); // broken edit
        Files.writeString(b, "name: errors\ncondition: {score: {min: 65}}\n");               // good edit
        RuleSet second = AlertRules.reload(first, dir);
        assertThat(second.errors()).hasSize(1);
        assertThat(second.rule("latency").orElseThrow().condition()).isEqualTo(first.rule("latency").orElseThrow().condition());
        assertThat(((Condition.Score) second.rule("errors").orElseThrow().condition()).min()).isEqualTo(65);
    }
}
