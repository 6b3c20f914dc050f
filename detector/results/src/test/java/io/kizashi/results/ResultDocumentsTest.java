package io.kizashi.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.DeviationKind;
import io.kizashi.core.model.Direction;
import io.kizashi.core.model.Reason;
import io.kizashi.core.model.ResultStatus;
import io.kizashi.core.series.SeriesKey;
import io.kizashi.elasticsearch.IndexDocument;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultDocumentsTest {

    static final SeriesKey KEY = new SeriesKey("web", "p95", Map.of("service.name", "auth", "kubernetes.namespace", "mdm"));

    @Test
    void recordCarriesSplitsUnderTheirNamesAndOmitsMissingNumbers() throws Exception {
        ResultDocuments docs = new ResultDocuments(ResultIndices.DEFAULT, "kizashi-core/1");
        Instant t = Instant.parse("2026-11-24T23:59:00Z");
        BucketResult missing = new BucketResult(t, Double.NaN, 12, 10, 14, 1, 0, false, Direction.NONE, DeviationKind.NONE,
                Reason.MISSING, ResultStatus.MISSING, List.of());
        IndexDocument d = docs.record(KEY, Duration.ofMinutes(1), missing, false, Double.NaN, null, "daily");
        assertThat(d.index()).isEqualTo("kizashi-results-2026.11.24");
        assertThat(d.id()).isEqualTo("web_" + KEY.id() + "_" + t.getEpochSecond() + "_record");
        JsonNode j = new ObjectMapper().readTree(d.json());
        assertThat(j.get("service.name").asText()).isEqualTo("auth");
        assertThat(j.get("kubernetes.namespace").asText()).isEqualTo("mdm");
        assertThat(j.has("actual")).isFalse();
        assertThat(j.has("precursor_probability")).isFalse();
        assertThat(j.get("expected").asDouble()).isEqualTo(12);
        assertThat(j.get("status").asText()).isEqualTo("missing");
        assertThat(j.get("result_type").asText()).isEqualTo("record");
        assertThat(j.get("bucket_span").asLong()).isEqualTo(60);
    }

    @Test
    void aPrecursorProbabilityIsStoredWithItsModelAndWhetherItCrossesThatModelsThreshold() throws Exception {
        ResultDocuments docs = new ResultDocuments(ResultIndices.DEFAULT, "v1");
        BucketResult r = new BucketResult(Instant.parse("2026-11-24T10:00:00Z"), 5, 4, 3, 6, 0.5, 3, false, Direction.HIGH,
                DeviationKind.NONE, Reason.NORMAL, ResultStatus.SCORED, List.of());
        PrecursorModel model = new PrecursorModel("mdm-precursor/v1", 0.005);
        ObjectMapper m = new ObjectMapper();
        JsonNode above = m.readTree(docs.record(KEY, Duration.ofMinutes(1), r, false, 0.006, model, null).json());
        JsonNode below = m.readTree(docs.record(KEY, Duration.ofMinutes(1), r, false, 0.004, model, null).json());
        JsonNode none = m.readTree(docs.record(KEY, Duration.ofMinutes(1), r, false, Double.NaN, model, null).json());
        assertThat(above.get("precursor_alert").asBoolean()).isTrue();
        assertThat(below.get("precursor_alert").asBoolean()).isFalse();
        assertThat(above.get("precursor_model").asText()).isEqualTo("mdm-precursor/v1");
        assertThat(above.get("precursor_probability").asDouble()).isEqualTo(0.006);
        assertThat(none.has("precursor_alert") || none.has("precursor_model") || none.has("precursor_probability")).isFalse();
    }

    @Test
    void idsAreDeterministic() {
        ResultDocuments a = new ResultDocuments(ResultIndices.DEFAULT, "v1");
        BucketResult r = new BucketResult(Instant.parse("2026-11-24T10:00:00Z"), 5, 4, 3, 6, 0.5, 3, false, Direction.HIGH,
                DeviationKind.NONE, Reason.NORMAL, ResultStatus.SCORED, List.of());
        assertThat(a.record(KEY, Duration.ofMinutes(1), r, false, 0.1, null, null))
                .isEqualTo(a.record(KEY, Duration.ofMinutes(1), r, false, 0.1, null, null));
        assertThat(new ResultIndices("kizashi-").dayOf("kizashi-results-2026.11.24")).hasToString("2026-11-24");
        assertThat(new ResultIndices("kizashi-").dayOf("kizashi-results-latest")).isNull();
    }
}
