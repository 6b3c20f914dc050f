package io.kizashi.datafeed.job;

import io.kizashi.config.ConfigError;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.ValueKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobsTest {

    static final String FULL = """
        job_id: mdm-http
        description: requests, errors and latency per service
        source:
          indices: [logs-mdm-*]
          filter: {term: {event.action: request-completed}}
          bucket_span: 5m
          query_delay: 90s
          frequency: 10m
          start: 2025-03-01T00:00:00Z
        split:
          by: [service.name, kubernetes.pod.name]
          max_series: 500
          series_ttl: 2d
        calendar:
          zone: Asia/Tokyo
          holidays: [2025-01-01, 2025-05-05]
        metrics:
          - name: requests
            function: count
          - name: error_ratio
            function: ratio
            numerator: {range: {http.response.status_code: {gte: 500}}}
            detect: {trend_limit: 0.05, alert_score: 50}
          - name: p95_latency
            function: percentile
            field: event.duration
            percentile: 95
          - name: tenants
            function: distinct_count
            field: tenant.id
            precision_threshold: 1000
            detect: {anomaly: false, calendar: {zone: UTC}}
          - name: bytes_per_second
            function: rate
            field: http.response.bytes
            filter: {exists: {field: http.response.bytes}}
        delayed_data_check:
          window: 1h
          rescore: true
        pull:
          page_size: 10
          request_timeout: 5s
        """;

    @Test
    void aCompleteJobParsesWithItsValuesAndDefaults() {
        JobSpec job = Jobs.parse(FULL, "full.yaml");
        assertThat(job.id()).isEqualTo("mdm-http");
        assertThat(job.source().indices()).containsExactly("logs-mdm-*");
        assertThat(job.source().timeField()).isEqualTo("@timestamp");
        assertThat(job.source().filter().json()).isEqualTo("{\"term\":{\"event.action\":\"request-completed\"}}");
        assertThat(job.source().bucketSpan()).isEqualTo(Duration.ofMinutes(5));
        assertThat(job.source().queryDelay()).isEqualTo(Duration.ofSeconds(90));
        assertThat(job.source().frequency()).isEqualTo(Duration.ofMinutes(10));
        assertThat(job.source().start()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(job.source().lookback()).isEqualTo(SourceSpec.DEFAULT_LOOKBACK);
        assertThat(job.split().fields()).containsExactly("service.name", "kubernetes.pod.name");
        assertThat(job.split().maxSeries()).isEqualTo(500);
        assertThat(job.split().seriesTtl()).isEqualTo(Duration.ofDays(2));
        assertThat(job.calendar().zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(job.calendar().holidays()).containsExactly(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 5, 5));
        assertThat(job.metrics()).extracting(MetricSpec::name)
            .containsExactly("requests", "error_ratio", "p95_latency", "tenants", "bytes_per_second");
        assertThat(job.metrics()).extracting(MetricSpec::valueKind)
            .containsExactly(ValueKind.COUNT, ValueKind.RATIO, ValueKind.GAUGE, ValueKind.COUNT, ValueKind.COUNT);
        assertThat(job.metrics()).extracting(MetricSpec::emptyValue).containsExactly(0.0, Double.NaN, Double.NaN, 0.0, 0.0);
        MetricSpec ratio = job.metric("error_ratio").orElseThrow();
        assertThat(ratio.denominator()).isNull();
        assertThat(ratio.detect().trendLimit()).isEqualTo(0.05);
        assertThat(job.metric("p95_latency").orElseThrow().percentile()).isEqualTo(95.0);
        assertThat(job.metric("tenants").orElseThrow().precisionThreshold()).isEqualTo(1000);
        assertThat(job.metric("requests").orElseThrow().precisionThreshold()).isZero();
        assertThat(job.delayedDataCheck()).isEqualTo(new DelayedDataCheckSpec(true, Duration.ofHours(1), Duration.ofMinutes(15), true));
        assertThat(job.pull().pageSize()).isEqualTo(10);
        assertThat(job.pull().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(job.pull().maxBuckets()).isEqualTo(PullSpec.DEFAULTS.maxBuckets());

        // The core model settings follow the metric: kind, span, calendar (metric's, else the job's), alert score.
        ModelConfig ratioModel = ratio.modelConfig(job.source().bucketSpan(), job.calendar());
        assertThat(ratioModel.valueKind()).isEqualTo(ValueKind.RATIO);
        assertThat(ratioModel.bucketSpan()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ratioModel.calendar().zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(ratioModel.alertScore()).isEqualTo(50);
        ModelConfig tenants = job.metric("tenants").orElseThrow().modelConfig(job.source().bucketSpan(), job.calendar());
        assertThat(tenants.calendar().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(tenants.alertScore()).isEqualTo(ModelConfig.DEFAULT_ALERT_SCORE);
        assertThat(job.metric("tenants").orElseThrow().detect().anomaly()).isFalse();
    }

    @Test
    void minimalJobGetsDocumentedDefaults() {
        JobSpec job = Jobs.parse("""
            job_id: tiny
            source: {indices: logs-*, bucket_span: 1m}
            metrics: [{name: requests, function: count}]
            """, "tiny.yaml");
        assertThat(job.source().queryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(job.source().frequency()).isEqualTo(Duration.ofMinutes(1));
        assertThat(job.source().start()).isNull();
        assertThat(job.split()).isEqualTo(SplitSpec.NONE);
        assertThat(job.delayedDataCheck()).isEqualTo(new DelayedDataCheckSpec(true, Duration.ofHours(2), Duration.ofMinutes(15), false));
        assertThat(job.pull()).isEqualTo(PullSpec.DEFAULTS);
        // A day-long span checks at least one bucket at a time and looks back 8 buckets.
        assertThat(DelayedDataCheckSpec.defaults(Duration.ofHours(1)))
            .isEqualTo(new DelayedDataCheckSpec(true, Duration.ofHours(8), Duration.ofHours(1), false));
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithPathValueAndLine() {
        String yaml = """
            job_id: broken
            source:
              indices: [logs-*]
              bucket_span: 5 minutes
              query_dealy: 1m
            metrics:
              - name: requests
                function: count
              - name: latency
                function: avg
                field: event.duration
              - name: p95
                function: percentile
                percentile: 95
              - name: spread
                function: mean
            """;
        List<ConfigError> errors = Jobs.validate(yaml, "jobs/broken.yaml");
        assertThat(errors).extracting(ConfigError::path)
            .containsExactlyInAnyOrder("source.bucket_span", "source.query_dealy", "metrics[1].function", "metrics[2].field",
                "metrics[3].field");

        ConfigError span = find(errors, "source.bucket_span");
        assertThat(span.value()).isEqualTo("5 minutes");
        assertThat(span.message()).contains("not a duration", "e.g. bucket_span: 1m");
        assertThat(span.line()).isEqualTo(4);
        assertThat(span.toString()).startsWith("jobs/broken.yaml:4:").contains("source.bucket_span", "(got '5 minutes')");

        ConfigError unknown = find(errors, "source.query_dealy");
        assertThat(unknown.message()).contains("unknown field", "did you mean 'query_delay'?");
        assertThat(unknown.line()).isEqualTo(5);

        ConfigError fn = find(errors, "metrics[1].function");
        assertThat(fn.value()).isEqualTo("avg");
        assertThat(fn.message()).contains("use function: mean", "count, non_zero_count, rate");
        assertThat(fn.line()).isEqualTo(10);

        ConfigError missing = find(errors, "metrics[2].field");
        assertThat(missing.value()).isNull();
        assertThat(missing.message()).contains("missing", "percentile needs a field", "field: event.duration");
        assertThat(missing.line()).as("a missing key points at its metric").isEqualTo(12);
        assertThat(find(errors, "metrics[3].field").message()).contains("mean needs a field");

        assertThatThrownBy(() -> Jobs.parse(yaml, "jobs/broken.yaml"))
            .isInstanceOf(JobConfigException.class)
            .hasMessageStartingWith("5 problems in job configuration")
            .satisfies(e -> assertThat(((JobConfigException) e).errors()).hasSize(5));
    }

    @Test
    void valuesThatParseButMakeNoSenseAreRefusedWithTheFix() {
        String yaml = """
            job_id: Bad Id
            source:
              indices: logs-*
              bucket_span: 7m
              frequency: 30s
              query_delay: 60
              start: yesterday
              filter: {trem: {service.name: auth}}
            split:
              by: [a, b, c, d]
              max_series: 0
            metrics:
              - name: errors
                function: ratio
                field: http.response.status_code
              - name: errors
                function: count
                percentile: 99
              - name: p
                function: percentile
                field: event.duration
                percentile: 100
              - name: u
                function: distinct_count
                field: user.id
                precision_threshold: 50000
              - name: c
                function: count
                detect: {alert_score: 0, colour: red}
            pull:
              page_size: 0
              retries: many
            """;
        List<ConfigError> errors = Jobs.validate(yaml, "bad.yaml");
        assertThat(errors).extracting(ConfigError::path).containsExactlyInAnyOrder(
            "job_id", "source.bucket_span", "source.query_delay", "source.start", "source.filter",
            "split.by", "split.max_series",
            "metrics[0].field", "metrics[0].numerator", "metrics[1].percentile",
            "metrics[2].percentile", "metrics[3].precision_threshold",
            "metrics[4].detect.alert_score", "metrics[4].detect.colour",
            "pull.page_size", "pull.retries");
        assertThat(find(errors, "source.bucket_span").message()).contains("divides a day", "15m");
        assertThat(find(errors, "source.query_delay").message()).contains("needs a unit", "60s");
        assertThat(find(errors, "source.start").message()).contains("2025-03-01T00:00:00Z");
        assertThat(find(errors, "source.filter").message()).contains("trem");
        assertThat(find(errors, "split.by").message()).contains("at most 3");
        assertThat(find(errors, "metrics[0].field").message()).contains("ratio takes no field");
        assertThat(find(errors, "metrics[0].numerator").message()).contains("numerator query", "gte: 500");
        assertThat(find(errors, "metrics[1].percentile").message()).contains("only applies to function: percentile");
        assertThat(find(errors, "metrics[2].percentile").message()).contains("between 0 and 100");
        assertThat(find(errors, "metrics[3].precision_threshold").message()).contains("1..40000");
    }

    @Test
    void frequencyMustBeAWholeNumberOfBuckets() {
        List<ConfigError> errors = Jobs.validate("""
            job_id: f
            source: {indices: x, bucket_span: 5m, frequency: 7m, lookback: 1m}
            split: {by: service.name, series_ttl: 1m}
            metrics: [{name: n, function: count}]
            delayed_data_check: {window: 12m}
            """, "f.yaml");
        assertThat(errors).extracting(ConfigError::path)
            .containsExactlyInAnyOrder("source.frequency", "source.lookback", "split.series_ttl", "delayed_data_check.window");
        assertThat(find(errors, "source.frequency").message()).contains("whole multiple of bucket_span (5m)", "only complete buckets");
    }

    @Test
    void structuralProblemsAreReportedToo() {
        assertThat(Jobs.validate("", "e.yaml")).singleElement().satisfies(e -> assertThat(e.message()).contains("empty"));
        assertThat(Jobs.validate("job_id: a\njob_id: b\n", "d.yaml")).extracting(ConfigError::message)
            .anySatisfy(m -> assertThat(m).contains("appears twice"));
        assertThat(Jobs.validate("a: [1, 2\n", "y.yaml")).singleElement()
            .satisfies(e -> assertThat(e.message()).startsWith("not valid YAML"));
        assertThat(Jobs.validate("- 1\n- 2\n", "l.yaml")).singleElement()
            .satisfies(e -> assertThat(e.message()).contains("must be a mapping"));
        List<ConfigError> missing = Jobs.validate("description: nothing else\n", "m.yaml");
        assertThat(missing).extracting(ConfigError::path).containsExactlyInAnyOrder("job_id", "source", "metrics");
        assertThat(Jobs.validate("job_id: a\nsource: {indices: x, bucket_span: 1m}\nmetrics: {name: n}\n---\njob_id: b\n", "two.yaml"))
            .extracting(ConfigError::path).contains("metrics", "");
    }

    @Test
    void directoriesAreValidatedAsAWholeIncludingDuplicateIds(@TempDir Path dir) throws IOException {
        String job = "job_id: same\nsource: {indices: x, bucket_span: 1m}\nmetrics: [{name: n, function: count}]\n";
        Files.writeString(dir.resolve("a.yaml"), job);
        Files.writeString(dir.resolve("b.yml"), job);
        Files.writeString(dir.resolve("c.yaml"), "job_id: other\nsource: {indices: x}\nmetrics: [{name: n, function: count}]\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<ConfigError> errors = Jobs.validate(dir);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).file()).endsWith("b.yml");
        assertThat(errors.get(0).message()).contains("already used by a.yaml");
        assertThat(errors.get(1).file()).endsWith("c.yaml");
        assertThat(errors.get(1).path()).isEqualTo("source.bucket_span");
        assertThat(Jobs.validate(dir.resolve("nope.yaml"))).singleElement()
            .satisfies(e -> assertThat(e.message()).contains("cannot read"));
    }

    @Test
    void durationsParseAndFormat() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("15m")).contains(Duration.ofMinutes(15));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
        assertThat(Durations.parse("1.5h")).isEmpty();
        assertThat(Durations.parse("-1m")).isEmpty();
        assertThat(Durations.parse("5 m")).isEmpty();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.dividesDay(Duration.ofMinutes(7))).isFalse();
        assertThat(Durations.dividesDay(Duration.ofMinutes(16))).isTrue();
        assertThat(Durations.dividesDay(Duration.ofHours(25))).isFalse();
    }

    private static ConfigError find(List<ConfigError> errors, String path) {
        return errors.stream().filter(e -> e.path().equals(path)).findFirst()
            .orElseThrow(() -> new AssertionError("no error at " + path + " in " + errors));
    }
}
