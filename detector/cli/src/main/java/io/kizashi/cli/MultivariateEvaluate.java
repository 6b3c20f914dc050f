package io.kizashi.cli;

import io.kizashi.precursor.corpus.MultivariateCorpus;
import io.kizashi.precursor.corpus.MultivariateEvaluation;
import io.kizashi.precursor.features.FeatureSchema;
import io.kizashi.precursor.model.BundleException;
import io.kizashi.precursor.model.BundleRegistry;
import io.kizashi.precursor.model.ModelBundle;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --multivariate} mode of {@code kizashi evaluate}. */
final class MultivariateEvaluate {

    /** The bundle used when --model is not given: the newest version under models/. */
    static final String DEFAULT_BUNDLE = "asd-precursor";

    private MultivariateEvaluate() {
    }

    static int run(EvaluateCommand c) {
        if (c.scoreOnly || c.results != null) {
            throw new UserError("--score-only and --results are for NAB corpora; --multivariate always runs the detector");
        }
        if (c.out == null) {
            throw new UserError("--out DIR is required: the folder where OUT/<entity>.csv files are written");
        }
        if (!Files.isDirectory(c.corpus)) {
            throw new UserError("corpus directory " + c.corpus + " does not exist; expected train/<entity>.csv and test/<entity>.csv");
        }
        if (c.out.toAbsolutePath().normalize().startsWith(c.corpus.toAbsolutePath().normalize())) {
            throw new UserError("--out " + c.out + " lies inside the corpus " + c.corpus + ", where results would be read as data; "
                    + "choose a folder outside it");
        }
        int n = c.threads == null ? Runtime.getRuntime().availableProcessors() : c.threads;
        if (n < 1) {
            throw new UserError("--threads must be at least 1 but was " + n);
        }
        PrintWriter out = c.spec.commandLine().getOut();
        try {
            ModelBundle bundle = bundle(c.model);
            MultivariateEvaluation.Result r = MultivariateEvaluation.run(MultivariateCorpus.open(c.corpus), bundle, c.out, n);
            out.println("model " + bundle.id() + " (threshold " + bundle.manifest().threshold() + ", horizon "
                    + bundle.manifest().horizonBuckets() + " buckets); " + r.entities().size() + " entities, " + r.rows() + " test rows");
            if (r.precursor() != null) {
                out.println(r.precursor().line("precursor (is_alert)"));
                out.println(r.univariate().line("univariate (score >= 0.4)"));
            }
            out.println("results in " + c.out);
            out.flush();
            return 0;
        } catch (BundleException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
    }

    private static ModelBundle bundle(Path model) {
        FeatureSchema schema = FeatureSchema.metricAgnostic();
        if (model != null) {
            return ModelBundle.load(model, schema);
        }
        Path home = Path.of(System.getProperty("kizashi.home", System.getProperty("user.dir")));
        BundleRegistry reg = new BundleRegistry(home.resolve("models"), DEFAULT_BUNDLE, schema);
        BundleRegistry.Status s = reg.reload();
        if (s.loaded() == null) {
            throw new UserError("no --model given and no usable bundle under " + home.resolve("models").resolve(DEFAULT_BUNDLE)
                    + (s.error() == null ? "" : " (" + s.error() + ")") + "; give --model models/<name>/<version>");
        }
        return s.loaded();
    }
}
