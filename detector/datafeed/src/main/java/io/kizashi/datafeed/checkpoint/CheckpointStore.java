package io.kizashi.datafeed.checkpoint;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kizashi.datafeed.query.RequestFailure;
import io.kizashi.datafeed.query.Searcher;
import io.kizashi.elasticsearch.IndexAdmin;

import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each job's {@link DatafeedState} as one document (id = job id) of a state index. Writes are
 * conditional on the sequence number read or written last, so two processes running the same job
 * cannot silently overwrite each other; a write that timed out but happened is recognised by its
 * writer id and commit number.
 */
public final class CheckpointStore {

    /** Default name of the state index. */
    public static final String DEFAULT_INDEX = "kizashi-datafeed-state";

    private static final String MAPPINGS = """
        {"dynamic": false, "properties": {
          "job_id": {"type": "keyword"}, "checkpoint": {"type": "date"}, "updated_at": {"type": "date"},
          "writer": {"type": "keyword"}, "commits": {"type": "long"}}}""";

    /** A state as stored, with the version that a conditional write must match. */
    public record Stored(DatafeedState state, long seqNo, long primaryTerm) {
    }

    /** The stored state is not the one this process wrote last: someone else runs the same job. */
    public static final class ConflictException extends Exception {
        public ConflictException(String message) {
            super(message);
        }
    }

    private final Searcher searcher;
    private final String index;
    private boolean indexReady;

    public CheckpointStore(Searcher searcher, String index) {
        this.searcher = Objects.requireNonNull(searcher, "searcher");
        this.index = Objects.requireNonNull(index, "index");
    }

    public String index() {
        return index;
    }

    /** The job's state, or empty for a job that never ran. */
    public Optional<Stored> load(String jobId) throws RequestFailure {
        ensureIndex();
        ElasticsearchClient client = searcher.client();
        GetResponse<ObjectNode> r = searcher.call("read the checkpoint of " + jobId,
            () -> client.get(g -> g.index(index).id(jobId).realtime(true), ObjectNode.class));
        if (!r.found() || r.source() == null) {
            return Optional.empty();
        }
        DatafeedState state;
        try {
            state = StateMapper.fromJson(r.source());
        } catch (IllegalArgumentException e) {
            throw new RequestFailure("checkpoint document " + index + "/" + jobId + " cannot be read: " + e.getMessage()
                + " (delete it to start the job afresh)", false, false, e);
        }
        return Optional.of(new Stored(state, r.seqNo() == null ? -1 : r.seqNo(), r.primaryTerm() == null ? -1 : r.primaryTerm()));
    }

    /**
     * Writes the state: creates the document when {@code previous} is null, else replaces it only if it
     * is still {@code previous}.
     */
    public Stored write(DatafeedState state, Stored previous) throws RequestFailure, ConflictException {
        ensureIndex();
        ElasticsearchClient client = searcher.client();
        BinaryData body = BinaryData.of(StateMapper.toBytes(state), ContentType.APPLICATION_JSON);
        try {
            IndexResponse r = searcher.call("write the checkpoint of " + state.jobId(), () -> client.index(i -> {
                i.index(index).id(state.jobId()).document(body);
                if (previous == null) {
                    i.opType(OpType.Create);
                } else {
                    i.ifSeqNo(previous.seqNo()).ifPrimaryTerm(previous.primaryTerm());
                }
                return i;
            }));
            return new Stored(state, r.seqNo() == null ? -1 : r.seqNo(), r.primaryTerm() == null ? -1 : r.primaryTerm());
        } catch (RequestFailure f) {
            if (!(f.getCause() instanceof ElasticsearchException ee) || ee.status() != 409) {
                throw f;
            }
            // A conflict: either our own earlier attempt landed (its answer was lost), or another writer.
            Optional<Stored> now = load(state.jobId());
            if (now.isPresent() && now.get().state().writer().equals(state.writer())
                && now.get().state().commits() == state.commits()) {
                return now.get();
            }
            throw new ConflictException("the checkpoint of job " + state.jobId() + " in " + index + " was changed by another writer ("
                + now.map(s -> s.state().writer() + ", commit " + s.state().commits() + " at " + s.state().updatedAt()).orElse("deleted")
                + "): is the job running in two Kizashi processes? Stop one of them, then restart this one");
        }
    }

    private void ensureIndex() throws RequestFailure {
        if (indexReady) {
            return;
        }
        IndexAdmin admin = new IndexAdmin(searcher.client());
        searcher.call("create the state index " + index, () -> {
            try {
                return admin.createIndexIfAbsent(index, IndexAdmin.Settings.defaults(), MAPPINGS);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof ElasticsearchException ee) {
                    throw ee;
                }
                throw e;
            }
        });
        indexReady = true;
    }
}
