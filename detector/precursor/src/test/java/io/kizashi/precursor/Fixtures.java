package io.kizashi.precursor;

import io.kizashi.precursor.corpus.MultivariateCorpus;
import io.kizashi.precursor.corpus.ScoredRow;
import io.kizashi.precursor.corpus.SyntheticCorpus;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.labels.Incidents;
import io.kizashi.precursor.model.ModelBundle;
import io.kizashi.precursor.model.BundleWriter;
import io.kizashi.precursor.train.CorpusTraining;
import io.kizashi.precursor.train.PrecursorTraining;
import io.kizashi.precursor.train.TrainerSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small synthetic corpus (seed 42) and a model trained on it, built once per test JVM (about a second). */
public final class Fixtures {

    private static Path corpusDir;
    private static Map<String, List<ScoredRow>> rows;
    private static CorpusTraining.Outcome outcome;

    private Fixtures() {
    }

    public static synchronized Path corpus() {
        if (corpusDir == null) {
            try {
                corpusDir = Files.createTempDirectory("kizashi-synthetic-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SyntheticCorpus.small(42).write(corpusDir);
            corpusDir.toFile().deleteOnExit();
        }
        return corpusDir;
    }

    public static synchronized Map<String, List<ScoredRow>> rows() {
        if (rows == null) {
            MultivariateCorpus c = MultivariateCorpus.open(corpus());
            rows = CorpusTraining.score(c, c.entities(), FeatureSchema.metricAgnostic(), 2);
        }
        return rows;
    }

    public static Incidents incidents() {
        return Incidents.read(corpus().resolve("labels/segments.json"));
    }

    /** Logistic model trained on syn-1..2, evaluated on syn-3..4. */
    public static synchronized CorpusTraining.Outcome trained() {
        if (outcome == null) {
            outcome = CorpusTraining.run(rows(), incidents(), FeatureSchema.metricAgnostic(),
                    new CorpusTraining.Split(List.of("syn-1", "syn-2"), List.of("syn-3", "syn-4"), null),
                    PrecursorTraining.Config.defaults(TrainerSpec.defaults(TrainerSpec.LOGISTIC), SyntheticCorpus.SPAN));
        }
        return outcome;
    }

    /** Writes the fixture model as models/&lt;name&gt;/&lt;version&gt; under root. */
    public static ModelBundle writeBundle(Path root, String name, String version) {
        CorpusTraining.Outcome o = trained();
        List<double[]> golden = o.evalRows().get("syn-3").stream().limit(10).map(ScoredRow::features).toList();
        return BundleWriter.write(root, name, version, o.trained().model(), 6, SyntheticCorpus.SPAN, o.trained().threshold(),
                Map.of("seed", 42, "created", "2024-03-08T00:00:00Z"), o.evaluation(), golden, "# test bundle\n");
    }
}
