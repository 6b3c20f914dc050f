package io.kizashi.core.state;

import io.kizashi.core.calendar.BusinessCalendar;
import io.kizashi.core.model.BucketResult;
import io.kizashi.core.model.ModelConfig;
import io.kizashi.core.model.SeriesModel;
import io.kizashi.core.model.ValueKind;
import io.kizashi.core.testing.Synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The golden state fixture: a model trained on a seeded series, saved, and the results it gives on the
 * next buckets, one pair per state version ({@code v<N>-model.bin}, {@code v<N>-next.csv}; of older
 * versions only the model file is kept, to check that it still loads). Written only on purpose, when the
 * state format's version changes:
 * {@code mvn -pl detector/core test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt}, then
 * {@code java -cp detector/core/target/test-classes:detector/core/target/classes:$(cat detector/core/target/cp.txt) io.kizashi.core.state.GoldenState}
 * (run from the repository root; it writes into src/test/resources).
 */
public final class GoldenState {

    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);
    static final int TRAIN = 288 * 9;
    static final int NEXT = 288;

    private GoldenState() {
    }

    static ModelConfig config() {
        return ModelConfig.defaults().withValueKind(ValueKind.COUNT).withBucketSpan(STEP)
                .withCalendar(BusinessCalendar.of(ZoneId.of("Asia/Tokyo")));
    }

    /** A daily rhythm with a level shift on day 6 and an incident in the continuation. */
    static Synthetic series() {
        return Synthetic.poisson(1234, START, STEP, TRAIN + NEXT, i -> {
            Instant t = START.plus(STEP.multipliedBy(i));
            double day = 120 + Synthetic.daily(t, 80);
            double shift = i >= 288 * 6 ? 30 : 0;
            double incident = i >= TRAIN + 100 && i < TRAIN + 110 ? 200 : 0;
            return day + shift + incident;
        });
    }

    static String line(BucketResult r) {
        return String.format(Locale.ROOT, "%s,%s,%.17g,%.17g,%.17g,%s,%s", r.timestamp(), r.status(), r.expected(), r.probability(),
                r.score(), r.anomalous(), r.reason().code());
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("detector/core/src/test/resources/io/kizashi/core/state");
        Synthetic s = series();
        SeriesModel m = SeriesModel.create(config());
        for (int i = 0; i < TRAIN; i++) {
            m.observe(s.at(i), s.values[i]);
        }
        String v = "v" + SeriesModel.STATE_VERSION;
        Files.write(dir.resolve(v + "-model.bin"), m.toBytes());
        List<String> lines = new ArrayList<>();
        for (int i = TRAIN; i < TRAIN + NEXT; i++) {
            lines.add(line(m.observe(s.at(i), s.values[i])));
        }
        Files.write(dir.resolve(v + "-next.csv"), lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve(v + "-model.bin") + " and " + v + "-next.csv");
    }
}
