package io.kizashi.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.kizashi.testkit.IndexPrefix;
import io.kizashi.testkit.WithElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithElasticsearch
class SimulateCommandTest {

    @TempDir
    Path tmp;
    private final CliRun cli = new CliRun();

    @Test
    void writesDeterministicNdjsonAndGroundTruth() throws Exception {
        String[] common = {"simulate", "--days", "0.1", "--seed", "5", "--end", "2025-03-03T03:00:00Z"};
        Path a = tmp.resolve("a.ndjson");
        Path b = tmp.resolve("b.ndjson");
        Path truth = tmp.resolve("truth.json");
        assertThat(cli.run(concat(common, "--out", a.toString(), "--truth", truth.toString()))).as(cli.err()).isZero();
        assertThat(cli.run(concat(common, "--out", b.toString()))).isZero();
        List<String> lines = Files.readAllLines(a);
        assertThat(lines).hasSizeGreaterThan(1000);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readString(truth)).contains("\"seed\" : 5").contains("\"incidents\"").contains("\"deploys\"");
        assertThat(cli.out()).contains("ndjson: " + lines.size() + " documents written");
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        assertThat(cli.run("simulate", "--days", "1")).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: nothing to write to: give --es URL (e.g. http://127.0.0.1:9200) and/or --out FILE.ndjson"
            + System.lineSeparator());
        assertError(new String[] {"simulate", "--out", "x.ndjson", "--end", "yesterday"}, "error: --end 'yesterday' is not an ISO-8601 UTC time");
        assertError(new String[] {"simulate", "--out", "x.ndjson", "--rate", "-1"}, "error: --rate: peakRequestsPerSecond must be in (0, 100000]");
        assertError(new String[] {"simulate", "--out", "x.ndjson", "--days", "0"}, "error: --days 0.0 is out of range");
        assertError(new String[] {"simulate", "--es", "localhost:9200", "--days", "1"}, "error: --es: Elasticsearch URL 'localhost:9200' must start with http://");
        assertError(new String[] {"simulate", "--es", "http://127.0.0.1:1", "--days", "0.01"}, "error: cannot reach Elasticsearch at http://127.0.0.1:1");
        Path file = Files.writeString(tmp.resolve("f.ndjson"), "{}\n");
        assertError(new String[] {"ingest", "--es", "http://127.0.0.1:9200", "--index", "Logs", file.toString()}, "error: --index 'Logs' is not a valid index name");
        assertError(new String[] {"ingest", "--es", "http://127.0.0.1:9200", "--index", "logs", tmp.resolve("nope").toString()}, "does not exist");
    }

    private void assertError(String[] args, String start) {
        CliRun alone = new CliRun();
        assertThat(alone.run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(alone.err()).as(String.join(" ", args)).contains(start);
        assertThat(alone.err().lines()).as(alone.err()).hasSize(1);
    }

    @Test
    void backfillsIntoElasticsearchAndIngestsAnExport(URI uri, ElasticsearchClient client, IndexPrefix prefix) throws Exception {
        Path export = tmp.resolve("export.ndjson");
        String logs = prefix.index("logs-mdm-");
        int code = cli.run("simulate", "--es", uri.toString(), "--days", "0.02", "--seed", "3", "--end", "2025-03-03T02:00:00Z",
            "--index-prefix", logs, "--incident-index", prefix.index("incidents"), "--out", export.toString());
        assertThat(code).as(cli.err()).isZero();
        long lines = Files.readAllLines(export).size();
        assertThat(client.count(c -> c.index(logs + "*")).count()).isEqualTo(lines);
        assertThat(cli.out()).contains("elasticsearch: " + lines + " documents, " + lines + " indexed, 0 failed");

        code = cli.run("ingest", "--es", uri.toString(), "--index", prefix.index("imported"), export.toString());
        assertThat(code).as(cli.err()).isZero();
        assertThat(client.count(c -> c.index(prefix.index("imported"))).count()).isEqualTo(lines);
        assertThat(cli.out()).contains(lines + " lines, 0 bad (skipped)");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
