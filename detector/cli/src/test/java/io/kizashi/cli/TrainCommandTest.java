package io.kizashi.cli;

import io.kizashi.precursor.corpus.SyntheticCorpus;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.model.ModelBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    @TempDir
    Path tmp;
    private Path corpus;
    private final CliRun cli = new CliRun();

    @BeforeEach
    void corpus() {
        corpus = tmp.resolve("corpus");
        SyntheticCorpus.small(42).write(corpus);
    }

    @Test
    void trainsEvaluatesAndWritesAVerifiedBundleWithProvenance() {
        Path models = tmp.resolve("models");
        int code = cli.run("train", "--corpus", corpus.toString(), "--train-entities", "syn-1..2", "--eval-entities", "syn-3..4",
                "--models", models.toString(), "--name", "syn", "--version", "v1", "--threads", "1");
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("precursor").contains("early recall").contains("univariate").contains("syn/v1");
        ModelBundle b = ModelBundle.load(models.resolve("syn/v1"), FeatureSchema.metricAgnostic());
        assertThat(b.manifest().provenance()).containsKeys("command", "git_revision", "created", "tribuo_version", "jdk", "seed",
                "train_entities", "eval_entities", "trainer", "data");
        assertThat((String) b.manifest().provenance().get("command"))
                .isEqualTo("kizashi train --corpus " + corpus + " --train-entities syn-1..2 --eval-entities syn-3..4 --models " + models
                        + " --name syn --version v1 --threads 1");
        assertThat(b.manifest().provenance().get("train_entities")).isEqualTo(List.of("syn-1", "syn-2"));
        assertThat(b.dir().resolve("MODEL_CARD.md")).content().contains("early-warning recall").contains("syn/v1");

        int again = cli.run("train", "--corpus", corpus.toString(), "--train-entities", "syn-1..2", "--eval-entities", "syn-3..4",
                "--models", models.toString(), "--name", "syn", "--version", "v1");
        assertThat(again).isEqualTo(2);
        assertThat(cli.err()).contains("already exists").contains("--version");
    }

    @Test
    void mistakesAreOneLineErrors() {
        assertThat(cli.run("train", "--corpus", tmp.resolve("nope").toString(), "--version", "v1", "--eval-entities", "x")).isEqualTo(2);
        assertThat(cli.err()).contains("corpus directory").contains("does not exist").doesNotContain("\tat ");
        assertThat(cli.run("train", "--corpus", corpus.toString(), "--version", "v1")).isEqualTo(2);
        assertThat(cli.err()).contains("give --eval-entities LIST, --time-split SHARE or an eval corpus");
        assertThat(cli.run("train", "--corpus", corpus.toString(), "--version", "v1", "--eval-entities", "syn-9",
                "--models", tmp.resolve("m").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("entity 'syn-9' is not in corpus");
        assertThat(cli.run("train", "--corpus", corpus.toString(), "--version", "v1", "--train-entities", "syn-1", "--eval-entities", "syn-1",
                "--models", tmp.resolve("m").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("in both the training and the evaluation set");
        assertThat(cli.run("train", "--corpus", corpus.toString(), "--version", "v1", "--eval-entities", "syn-3", "--trainer", "forest",
                "--models", tmp.resolve("m").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("trainer must be xgboost or logistic");
        assertThat(Files.exists(tmp.resolve("m/asd-precursor"))).isFalse();
    }
}
