package io.kizashi.datafeed.checkpoint;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateMapperTest {

    @Test
    void aStateRoundTripsThroughJson() {
        TreeMap<List<String>, SeriesSeen> series = new TreeMap<>(DatafeedState.KEY_ORDER);
        series.put(List.of("b|x", "p=1"), new SeriesSeen(60_000, 180_000));
        series.put(List.of("a", ""), new SeriesSeen(0, 0));
        TreeMap<Long, Long> counts = new TreeMap<>(Map.of(120_000L, 5L, 240_000L, 0L));
        DatafeedState s = new DatafeedState(1, "job-1", Duration.ofMinutes(1), List.of("svc", "pod"), "abc", Instant.EPOCH,
            Instant.ofEpochSecond(300), series, counts, Instant.ofEpochSecond(240),
            List.of(new TimeRange(Instant.ofEpochSecond(60), Instant.ofEpochSecond(120))), 7, "w", Instant.parse("2025-01-01T00:00:00.5Z"));

        DatafeedState back = StateMapper.fromBytes(StateMapper.toBytes(s));

        assertThat(back).isEqualTo(s);
        assertThat(back.series().firstKey()).containsExactly("a", "");
        // Dense counts keep the gap at 180 s as unknown rather than inventing a zero.
        assertThat(StateMapper.toJson(s).get("recent_counts").get("counts").toString()).isEqualTo("[5,-1,0]");
    }

    @Test
    void theVersion1FixtureStillLoads() throws IOException {
        DatafeedState s;
        try (InputStream in = getClass().getResourceAsStream("state-v1.json")) {
            s = StateMapper.fromBytes(in.readAllBytes());
        }
        assertThat(s.jobId()).isEqualTo("mdm-http");
        assertThat(s.bucketSpan()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.splitFields()).containsExactly("service.name", "kubernetes.pod.name");
        assertThat(s.checkpoint()).isEqualTo(Instant.parse("2025-03-02T10:15:00Z"));
        assertThat(s.series()).hasSize(2).containsEntry(List.of("auth", "auth-7d9f8-abcde"), new SeriesSeen(1740787200000L, 1740910200000L));
        assertThat(s.recentCounts()).containsExactly(Map.entry(1740909600000L, 120L), Map.entry(1740910200000L, 98L));
        assertThat(s.lastDelayedCheck()).isEqualTo(Instant.parse("2025-03-02T10:00:00Z"));
        assertThat(s.pendingRevisions()).containsExactly(new TimeRange(Instant.parse("2025-03-02T09:50:00Z"), Instant.parse("2025-03-02T10:00:00Z")));
        assertThat(s.commits()).isEqualTo(412);
    }

    @Test
    void unusableStatesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> StateMapper.fromBytes("{\"version\": 2, \"job_id\": \"j\"}".getBytes()))
            .hasMessageContaining("format version 2").hasMessageContaining("upgrade Kizashi");
        assertThatThrownBy(() -> StateMapper.fromBytes("{\"job_id\": \"j\"}".getBytes())).hasMessageContaining("no valid version");
        assertThatThrownBy(() -> StateMapper.fromBytes("{\"version\": 1, \"job_id\": \"j\", \"bucket_span_ms\": 60000}".getBytes()))
            .hasMessageContaining("backfill_start");
        assertThatThrownBy(() -> StateMapper.fromBytes(("{\"version\": 1, \"job_id\": \"j\", \"bucket_span_ms\": 60000, "
            + "\"backfill_start\": \"2025-01-01T00:00:00Z\", \"checkpoint\": \"2025-01-01T00:00:30Z\"}").getBytes()))
            .hasMessageContaining("not aligned");
        assertThatThrownBy(() -> StateMapper.fromBytes("not json".getBytes())).hasMessageContaining("not valid JSON");
    }
}
