package io.stylesync.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The distribution functions and tests against closed forms and brute force computed here (the comparison with
 * scipy itself, through Evidently, is {@link EvidentlyAgreementTest}).
 */
class StatTestsTest {

    @Test
    void chiSquaredSurvivalMatchesClosedForms() {
        for (double x : new double[] {0.1, 1, 3.7, 12, 40}) {
            // df = 2: exp(-x/2); df = 4: exp(-x/2) (1 + x/2)
            assertThat(Distributions.chiSquaredSf(x, 2)).isCloseTo(Math.exp(-x / 2), Offset.offset(1e-13));
            assertThat(Distributions.chiSquaredSf(x, 4))
                    .isCloseTo(Math.exp(-x / 2) * (1 + x / 2), Offset.offset(1e-13));
        }
        assertThat(Distributions.chiSquaredSf(Double.POSITIVE_INFINITY, 3)).isZero();
    }

    @Test
    void normalCdfIsSymmetricAndIntegratesTheDensity() {
        double sum = 0;
        int steps = 930_000;
        double step = (1.3 + 8) / steps;
        for (int i = 0; i < steps; i++) { // midpoint rule of the density from -8 to 1.3
            double mid = -8 + (i + 0.5) * step;
            sum += Math.exp(-mid * mid / 2) / Math.sqrt(2 * Math.PI) * step;
        }
        assertThat(Distributions.normalCdf(1.3)).isCloseTo(sum, Offset.offset(1e-9));
        assertThat(Distributions.normalCdf(-0.7) + Distributions.normalCdf(0.7)).isCloseTo(1, Offset.offset(1e-15));
    }

    @Test
    void exactKsPValuesEqualTheShareOfArrangementsWithAsLargeADistance() {
        for (int[] sizes : new int[][] {{3, 4}, {5, 5}, {4, 7}, {6, 9}}) {
            int n1 = sizes[0];
            int n2 = sizes[1];
            List<Double> all = distances(n1, n2);
            for (double d : all.stream().distinct().toList()) {
                double share = all.stream().filter(x -> x >= d - 1e-12).count() / (double) all.size();
                assertThat(KolmogorovSmirnov.pValue(d, n1, n2))
                        .as("n1=%d n2=%d d=%f", n1, n2, d)
                        .isCloseTo(share, Offset.offset(1e-12));
            }
        }
    }

    /** KS distance of every way to interleave n1 and n2 distinct values (each arrangement equally likely under H0). */
    private static List<Double> distances(int n1, int n2) {
        List<Double> out = new ArrayList<>();
        int total = n1 + n2;
        for (int mask = 0; mask < 1 << total; mask++) {
            if (Integer.bitCount(mask) != n1) {
                continue;
            }
            int a = 0;
            int b = 0;
            double d = 0;
            for (int i = 0; i < total; i++) {
                if ((mask >> i & 1) == 1) {
                    a++;
                } else {
                    b++;
                }
                d = Math.max(d, Math.abs((double) a / n1 - (double) b / n2));
            }
            out.add(d);
        }
        return out;
    }

    @Test
    void jensenShannonIsZeroForEqualAndLnTwoRootForDisjointDistributions() {
        assertThat(DriftCalculator.jensenShannon(new long[] {10, 20, 30}, new long[] {1, 2, 3}))
                .isCloseTo(0, Offset.offset(1e-12));
        assertThat(DriftCalculator.jensenShannon(new long[] {5, 0}, new long[] {0, 7}))
                .isCloseTo(Math.sqrt(Math.log(2)), Offset.offset(1e-12));
    }

    @Test
    void chiSquareOfProportionalCountsIsOneAndOfANewCategoryZero() {
        assertThat(DriftCalculator.chiSquare(new long[] {100, 200, 300}, new long[] {10, 20, 30})[1])
                .isCloseTo(1, Offset.offset(1e-12));
        assertThat(DriftCalculator.chiSquare(new long[] {100, 200, 0}, new long[] {10, 20, 1})[1])
                .isZero();
    }

    @Test
    void zTestOfEqualProportionsIsOne() {
        assertThat(DriftCalculator.zTest(new long[] {30, 70}, new long[] {300, 700}, 0)[1])
                .isCloseTo(1, Offset.offset(1e-12));
        assertThat(DriftCalculator.zTest(new long[] {30, 70}, new long[] {70, 30}, 0)[1])
                .isLessThan(1e-6);
    }
}
