package io.kizashi.service.cluster;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.kizashi.datafeed.Cycle;
import io.kizashi.datafeed.Datafeed;
import io.kizashi.datafeed.DatafeedOptions;
import io.kizashi.datafeed.DatafeedStatus;
import io.kizashi.datafeed.job.JobSpec;
import io.kizashi.datafeed.job.Jobs;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fence a new owner puts on a job: the replica that ran the job before (still believing it owns it, as
 * on the far side of a network split) can no longer commit its checkpoint, and stops the job; the new
 * owner resumes exactly at the fenced checkpoint.
 */
@WithElasticsearch
class CheckpointFenceTest {

    static final Instant START = Instant.parse("2025-03-03T00:00:00Z");

    @Test
    void afterTheFenceTheOldOwnerCannotCommitAndTheNewOneResumesAtTheCheckpoint(ElasticsearchClient client, IndexPrefix prefix)
            throws Exception {
        String logs = prefix.index("fence-logs");
        List<BulkOperation> ops = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            String t = START.plus(Duration.ofMinutes(m)).plusSeconds(5).toString();
            ops.add(BulkOperation.of(o -> o.index(i -> i.index(logs).document(Map.of("@timestamp", t)))));
        }
        client.bulk(b -> b.operations(ops).refresh(Refresh.True));
        JobSpec job = Jobs.parse("""
                job_id: fenced
                source: {indices: [%s], bucket_span: 1m, query_delay: 0s, start: %s}
                pull: {max_chunk: 10m}
                metrics: [{name: docs, function: count}]
                """.formatted(logs, START), "fenced.yaml");
        String stateIndex = prefix.index("datafeed-state");
        DatafeedOptions options = DatafeedOptions.defaults().withStateIndex(stateIndex);
        Clock clock = Clock.fixed(START.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);

        assertThat(CheckpointFence.fence(client, stateIndex, "fenced", "node-b", clock)).as("a job that never ran has nothing to fence").isEmpty();

        Datafeed a = Datafeed.create(job, client, clock, options);
        assertThat(a.step(batch -> { })).isTrue();
        Instant afterFirst = a.status().checkpoint();
        assertThat(afterFirst).isEqualTo(START.plus(Duration.ofMinutes(10)));

        // replica B takes the job over: fence, then its own datafeed
        assertThat(CheckpointFence.fence(client, stateIndex, "fenced", "node-b", clock)).get()
                .satisfies(s -> assertThat(s.checkpoint()).isEqualTo(afterFirst)).satisfies(s -> assertThat(s.writer()).isEqualTo("owner:node-b"));
        Datafeed b = Datafeed.create(job, client, clock, options);

        // A still runs a cycle: it may pull and hand on (deterministic ids make that harmless), but not commit
        Cycle next = a.nextCycle().orElseThrow();
        assertThat(a.pull(next)).isPresent();
        assertThat(a.commit(next)).isFalse();
        assertThat(a.status().state()).isEqualTo(DatafeedStatus.State.FAILED);
        assertThat(a.status().lastError()).contains("another writer");
        assertThat(a.nextCycle()).isEmpty();

        // B resumes at the fenced checkpoint and commits
        Cycle first = b.nextCycle().orElseThrow();
        assertThat(first.from()).isEqualTo(afterFirst);
        assertThat(b.pull(first)).isPresent();
        assertThat(b.commit(first)).isTrue();
        assertThat(b.status().checkpoint()).isEqualTo(START.plus(Duration.ofMinutes(20)));
    }
}
