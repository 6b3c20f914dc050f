package io.kizashi.precursor.model;

import io.kizashi.precursor.features.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped bundle must keep loading and keep giving the probabilities it was shipped with. The fixture is
 * a copy of the bundle's golden.json taken when the bundle was trained; after a deliberate retrain, refresh it
 * with {@code cp models/asd-precursor/v1/golden.json detector/precursor/src/test/resources/golden/asd-precursor-v1.json}.
 */
class ShippedBundleTest {

    private static final Path REPO = Path.of(System.getProperty("kizashi.repo.root", "../.."));

    @Test
    void shippedV1LoadsAndReproducesItsFixture() throws Exception {
        ModelBundle b = ModelBundle.load(REPO.resolve("models/asd-precursor/v1"), FeatureSchema.metricAgnostic());
        assertThat(b.id()).isEqualTo("asd-precursor/v1");
        assertThat(b.manifest().horizonBuckets()).isEqualTo(6);
        assertThat(b.manifest().bucketSpan()).isEqualTo("PT5M");
        ModelBundle.Golden fixture = ModelBundle.readGolden(Path.of(ShippedBundleTest.class.getResource("/golden/asd-precursor-v1.json").toURI()));
        assertThat(fixture.features()).hasSizeGreaterThanOrEqualTo(20);
        for (int i = 0; i < fixture.features().size(); i++) {
            assertThat(b.model().probability(fixture.features().get(i))).as("fixture row %d", i)
                    .isCloseTo(fixture.probabilities().get(i), org.assertj.core.api.Assertions.within(ModelBundle.GOLDEN_TOLERANCE));
        }
    }
}
