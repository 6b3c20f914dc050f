package io.kizashi.core.state;

import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.testing.Synthetic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state saved by version 1 of the format keeps loading and continues exactly as it did when it was
 * saved. If this fails after a change: either the change broke compatibility (keep a reader for the old
 * version) or it changed behaviour on purpose (bump the state version and regenerate, see GoldenState).
 */
class GoldenStateTest {

    @Test
    void versionOneStateLoadsAndContinuesAsRecorded() throws IOException {
        byte[] bytes;
        List<String> expected;
        try (InputStream in = GoldenStateTest.class.getResourceAsStream("v1-model.bin");
             InputStream csv = GoldenStateTest.class.getResourceAsStream("v1-next.csv")) {
            assertThat(in).as("fixture v1-model.bin").isNotNull();
            bytes = in.readAllBytes();
            expected = new String(csv.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        SeriesModel m = SeriesModel.fromBytes(bytes, GoldenState.config());
        Synthetic s = GoldenState.series();
        List<String> got = new ArrayList<>();
        for (int i = GoldenState.TRAIN; i < GoldenState.TRAIN + GoldenState.NEXT; i++) {
            got.add(GoldenState.line(m.observe(s.at(i), s.values[i])));
        }
        assertThat(got).isEqualTo(expected);
        assertThat(expected.stream().filter(l -> l.endsWith(",true," + l.substring(l.lastIndexOf(',') + 1)))).as("the recorded continuation has the incident's alarm").isNotEmpty();
    }
}
