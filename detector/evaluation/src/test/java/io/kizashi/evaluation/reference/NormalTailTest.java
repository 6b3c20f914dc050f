package io.kizashi.evaluation.reference;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class NormalTailTest {

    /** Values from CPython 3.11's math.erfc (glibc), 334 points on [-5, 27]. */
    @Test
    void erfcMatchesCPythonToAFewUlps() throws IOException {
        double worstUlps = 0;
        double worstUlpsAbove1 = 0;
        int n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("erfc-cpython.csv")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                double x = Double.parseDouble(f[0]);
                double expected = Double.parseDouble(f[1]);
                double got = NormalTail.erfc(x);
                double ulps = Math.abs(got - expected) / Math.ulp(expected);
                worstUlps = Math.max(worstUlps, ulps);
                if (x >= 1) {
                    worstUlpsAbove1 = Math.max(worstUlpsAbove1, ulps);
                }
                n++;
            }
        }
        assertThat(n).isEqualTo(334);
        // Below 1, erfc = 1 - erf loses ~3 bits; above, the continued fraction keeps full precision.
        assertThat(worstUlps).isLessThanOrEqualTo(12);
        assertThat(worstUlpsAbove1).isLessThanOrEqualTo(4);
    }

    @Test
    void tailIsSymmetricAndHalfAtTheMean() {
        assertThat(NormalTail.upperTail(5, 5, 2)).isEqualTo(0.5);
        assertThat(NormalTail.upperTail(3, 5, 2)).isEqualTo(NormalTail.upperTail(7, 5, 2));
        // Q(1) = 0.15865525393145707
        assertThat(NormalTail.upperTail(7, 5, 2)).isCloseTo(0.15865525393145707, org.assertj.core.data.Offset.offset(1e-16));
        // Where 1 - Q rounds to exactly 1 (Q <= 2^-54) the detector's score saturates: near 8.29 sigma.
        assertThat(1.0 - NormalTail.upperTail(8.3, 0, 1)).isEqualTo(1.0);
        assertThat(1.0 - NormalTail.upperTail(8.2, 0, 1)).isLessThan(1.0);
    }
}
