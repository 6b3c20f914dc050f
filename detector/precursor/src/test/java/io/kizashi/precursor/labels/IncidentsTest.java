package io.kizashi.precursor.labels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentsTest {

    @TempDir
    Path tmp;

    @Test
    void readsCsvJsonAndSegmentsAlike() throws IOException {
        Path csv = tmp.resolve("i.csv");
        Files.writeString(csv, "entity,start,end,id\nsvc,2024-01-01T10:00:00Z,2024-01-01T10:30:00Z,inc-1\n");
        Path json = tmp.resolve("i.json");
        Files.writeString(json, "[{\"entity\":\"svc\",\"start\":\"2024-01-01 10:00:00\",\"end\":\"2024-01-01 10:30:00\",\"id\":\"inc-1\"}]");
        Path seg = tmp.resolve("segments.json");
        Files.writeString(seg, "{\"test/svc.csv\": [[\"2024-01-01 10:00:00\", \"2024-01-01 10:30:00\"]]}");
        for (Path p : new Path[] {csv, json, seg}) {
            Incidents inc = Incidents.read(p);
            assertThat(inc.of("svc")).singleElement().satisfies(w -> {
                assertThat(w.start()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
                assertThat(w.end()).isEqualTo(Instant.parse("2024-01-01T10:30:00Z"));
            });
        }
    }

    @Test
    void targetIsAStartWithinTheNextHBucketsExclusiveOfNow() {
        Incidents inc = new Incidents(java.util.List.of(new IncidentWindow("svc", Instant.parse("2024-01-01T10:00:00Z"),
                Instant.parse("2024-01-01T10:30:00Z"), "x")));
        Duration five = Duration.ofMinutes(5);
        // horizon 6 buckets of 5 minutes: buckets 09:30 .. 09:55 are positive, 09:25 and 10:00 (the start itself) are not
        assertThat(inc.startsWithin("svc", Instant.parse("2024-01-01T09:25:00Z"), five, 6)).isFalse();
        assertThat(inc.startsWithin("svc", Instant.parse("2024-01-01T09:30:00Z"), five, 6)).isTrue();
        assertThat(inc.startsWithin("svc", Instant.parse("2024-01-01T09:55:00Z"), five, 6)).isTrue();
        assertThat(inc.startsWithin("svc", Instant.parse("2024-01-01T10:00:00Z"), five, 6)).isFalse();
        assertThat(inc.during("svc", Instant.parse("2024-01-01T10:30:00Z"))).isTrue();
        assertThat(inc.during("svc", Instant.parse("2024-01-01T10:35:00Z"))).isFalse();
        assertThat(inc.startsWithin("other", Instant.parse("2024-01-01T09:55:00Z"), five, 6)).isFalse();
    }

    @Test
    void badFilesAreExplained() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "svc,yesterday,today\n");
        assertThatThrownBy(() -> Incidents.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("'yesterday' is not a timestamp");
        Path rev = tmp.resolve("rev.csv");
        Files.writeString(rev, "svc,2024-01-02T00:00:00Z,2024-01-01T00:00:00Z\n");
        assertThatThrownBy(() -> Incidents.read(rev)).hasMessageContaining("ends").hasMessageContaining("before it starts");
    }
}
