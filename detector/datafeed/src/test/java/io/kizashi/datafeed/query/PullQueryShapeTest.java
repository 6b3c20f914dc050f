package io.kizashi.datafeed.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request is a deterministic function of job, range and page: the exact body is pinned here. */
class PullQueryShapeTest {

    static final JobSpec JOB = Jobs.parse("""
        job_id: shape
        source:
          indices: [logs-mdm-*]
          filter: {term: {event.action: request-completed}}
          bucket_span: 1m
        split: {by: [service.name, kubernetes.pod.name]}
        metrics:
          - {name: requests, function: count}
          - {name: p95, function: percentile, field: event.duration, percentile: 95}
          - {name: p99, function: percentile, field: event.duration, percentile: 99}
          - {name: errors, function: ratio, numerator: {range: {http.response.status_code: {gte: 500}}}}
          - {name: get_mean, function: mean, field: event.duration, filter: {term: {http.request.method: GET}}}
        """, "shape.yaml");

    @Test
    void aPageRequestHasTheDocumentedShape() {
        PullQuery q = new PullQuery(JOB);
        Instant from = Instant.parse("2025-03-02T10:00:00Z");
        String body = q.pageBody(from, from.plus(Duration.ofMinutes(5)), 100,
            Map.of("s0", FieldValue.of("auth"), "s1", FieldValue.of("auth-1")), true, Duration.ofSeconds(30)).toString();
        assertThat(body).isEqualTo("""
            {"size":0,"track_total_hits":false,"timeout":"30000ms",\
            "query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":1740909600000,"lt":1740909900000,"format":"epoch_millis"}}},\
            {"term":{"event.action":"request-completed"}}]}},\
            "aggs":{"series":{"composite":{"size":100,\
            "sources":[{"s0":{"terms":{"field":"service.name"}}},{"s1":{"terms":{"field":"kubernetes.pod.name"}}}],\
            "after":{"s0":"auth","s1":"auth-1"}},\
            "aggs":{"t":{"date_histogram":{"field":"@timestamp","fixed_interval":"60s","min_doc_count":1},\
            "aggs":{"m3":{"filter":{"range":{"http.response.status_code":{"gte":500}}}},\
            "p0":{"percentiles":{"field":"event.duration","percents":[95.0,99.0],"keyed":false}},\
            "g1":{"filter":{"term":{"http.request.method":"GET"}},"aggs":{"m4":{"avg":{"field":"event.duration"}}}}}}}},\
            "totals":{"date_histogram":{"field":"@timestamp","fixed_interval":"60s","min_doc_count":1}}}}""");
        // The same inputs give the same bytes.
        assertThat(q.pageBody(from, from.plus(Duration.ofMinutes(5)), 100,
            Map.of("s1", FieldValue.of("auth-1"), "s0", FieldValue.of("auth")), true, Duration.ofSeconds(30)).toString()).isEqualTo(body);
    }

    @Test
    void unalignedOrEmptyRangesAreRefused() {
        PullQuery q = new PullQuery(JOB);
        Instant t = Instant.parse("2025-03-02T10:00:00Z");
        assertThatThrownBy(() -> q.totalsBody(t.plusSeconds(30), t.plusSeconds(90), Duration.ofSeconds(1)))
            .hasMessageContaining("not aligned");
        assertThatThrownBy(() -> q.totalsBody(t, t, Duration.ofSeconds(1))).hasMessageContaining("empty");
    }
}
