package io.kizashi.simulator.load;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kizashi.elasticsearch.BulkIndexer;
import io.kizashi.elasticsearch.IndexAdmin;
import io.kizashi.elasticsearch.IndexDocument;
import io.kizashi.simulator.LogDocument;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/** NDJSON log files: one JSON document per line, as exported from a log store or written by the simulator. */
public final class Ndjson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Ndjson() {
    }

    /** Writes documents' sources, one per line; the document id travels in {@code event.id}. */
    public static final class Writer implements Closeable {
        private final OutputStream out;
        private long lines;

        public Writer(Path file) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        public void write(List<LogDocument> docs) {
            try {
                for (LogDocument d : docs) {
                    out.write(d.toJson());
                    out.write('\n');
                    lines++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write NDJSON: " + e.getMessage(), e);
            }
        }

        public long lines() {
            return lines;
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close NDJSON file: " + e.getMessage(), e);
            }
        }
    }

    /** A line that could not be ingested. */
    public record BadLine(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    /**
     * What an ingest did.
     *
     * @param lines    non-blank lines read
     * @param badLines lines skipped because they are not a JSON object (the first ones in {@code bad})
     * @param load     what Elasticsearch accepted
     * @param bad      the first bad lines with line number and reason
     */
    public record IngestReport(long lines, long badLines, LoadReport load, List<BadLine> bad) {
        public IngestReport {
            bad = List.copyOf(bad);
        }

        public String summary() {
            return lines + " lines, " + badLines + " bad (skipped)" + (bad.isEmpty() ? "" : ", first: " + bad.getFirst())
                + "; " + load.summary();
        }
    }

    /**
     * Indexes every line of an NDJSON file into {@code index}. A line is either a document, or a search
     * hit ({@code {"_id": ..., "_source": {...}}}, as exporters write them) whose source is indexed. The
     * {@code _id} is the hit's {@code _id}, else the document's {@code event.id} (so re-ingesting a
     * simulator file replaces, never duplicates), else a hash of the line's bytes. Lines that are not JSON objects are skipped and reported with
     * their line numbers. The index is created with the log mappings if it does not exist.
     */
    public static IngestReport ingest(ElasticsearchClient client, Path file, String index, BulkIndexer.Options options, int keptBadLines) {
        Objects.requireNonNull(index, "index");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("NDJSON file " + file + " does not exist or is not a file");
        }
        IndexAdmin admin = new IndexAdmin(client);
        admin.createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MdmLogIndices.mappings());
        long started = System.nanoTime();
        long lines = 0;
        long badCount = 0;
        List<BadLine> bad = new ArrayList<>();
        BulkIndexer.Result result;
        var decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BulkIndexer indexer = new BulkIndexer(client, options);
             BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
            long lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a UTF-8 byte-order mark written by some exporters
                }
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                String problem;
                try {
                    JsonNode node = MAPPER.readTree(line);
                    if (node != null && node.isObject()) {
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        JsonNode id;
                        if (node.path("_source").isObject()) {
                            // A search-hit export ({"_index", "_id", "_source"}, e.g. elasticdump): keep the source and id.
                            id = node.path("_id");
                            bytes = MAPPER.writeValueAsBytes(node.get("_source"));
                        } else {
                            id = node.at("/event/id");
                            if (id.isMissingNode()) {
                                id = node.path("event.id");
                            }
                        }
                        String docId = id.isTextual() && !id.asText().isEmpty() ? id.asText() : contentId(bytes);
                        indexer.add(new IndexDocument(index, docId, bytes));
                        continue;
                    }
                    problem = "not a JSON object (got " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)) + ")";
                } catch (JsonProcessingException e) {
                    problem = "invalid JSON: " + e.getOriginalMessage();
                }
                badCount++;
                if (bad.size() < keptBadLines) {
                    bad.add(new BadLine(lineNo, problem));
                }
            }
            result = indexer.flush();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("NDJSON file " + file + " is not valid UTF-8 (after line " + lines + "): re-export it as UTF-8", e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("NDJSON file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        admin.refresh(index);
        LoadReport load = new LoadReport(lines - badCount, result.indexed(), result.failed(),
            Duration.ofNanos(System.nanoTime() - started), result.failures());
        return new IngestReport(lines, badCount, load, bad);
    }

    static String contentId(byte[] bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "sha256-" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
