package io.kizashi.core.state;

import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.testing.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * States saved by earlier versions keep loading. The state of the current version continues exactly as it
 * did when it was saved; older states load into the current model and still raise the continuation's incident:
 * version 1, saved before the judge's calibrators learned to decluster runs; version 2, saved before the judge
 * followed a change of rhythm and re-alarmed only for ten times rarer deviations; version 3, saved before the
 * judge's running means changed their spans; version 4, saved before variance changes were judged in a frozen
 * spread and level shifts on a rhythm waited a period of it. If the exact check fails after a change: either the
 * change broke compatibility (keep a reader for the old version) or it changed behaviour on purpose (bump the
 * state version and write its pair, see GoldenState).
 */
class GoldenStateTest {

    @Test
    void currentVersionStateLoadsAndContinuesAsRecorded() throws IOException {
        String v = "v" + SeriesModel.STATE_VERSION;
        SeriesModel m = SeriesModel.fromBytes(resource(v + "-model.bin"), GoldenState.config());
        List<String> expected = new String(resource(v + "-next.csv"), StandardCharsets.UTF_8).lines().toList();
        List<String> got = continuation(m);
        assertThat(got).isEqualTo(expected);
        assertThat(alarms(expected)).as("the recorded continuation has the incident's alarm").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "v3", "v4"})
    void olderStatesStillLoadAndRaiseTheIncident(String version) throws IOException {
        SeriesModel m = SeriesModel.fromBytes(resource(version + "-model.bin"), GoldenState.config());
        assertThat(m.observed()).isEqualTo(GoldenState.TRAIN);
        List<String> got = continuation(m);
        // the incident sits at buckets 100..109 of the continuation: its alarm is there, and nowhere else
        List<Integer> alarmed = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            if (isAlarm(got.get(i))) {
                alarmed.add(i);
            }
        }
        assertThat(alarmed).isNotEmpty().allMatch(i -> i >= 100 && i < 110);
        // and the restored model saves in the current version, which reads back to the same bytes
        byte[] again = m.toBytes();
        assertThat(SeriesModel.fromBytes(again, GoldenState.config()).toBytes()).isEqualTo(again);
    }

    private static List<String> continuation(SeriesModel m) {
        Synthetic s = GoldenState.series();
        List<String> got = new ArrayList<>();
        for (int i = GoldenState.TRAIN; i < GoldenState.TRAIN + GoldenState.NEXT; i++) {
            got.add(GoldenState.line(m.observe(s.at(i), s.values[i])));
        }
        return got;
    }

    private static List<String> alarms(List<String> lines) {
        return lines.stream().filter(GoldenStateTest::isAlarm).toList();
    }

    /** Lines are timestamp,status,expected,probability,score,anomalous,reason. */
    private static boolean isAlarm(String line) {
        return line.split(",")[5].equals("true");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenStateTest.class.getResourceAsStream(name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return in.readAllBytes();
        }
    }
}
