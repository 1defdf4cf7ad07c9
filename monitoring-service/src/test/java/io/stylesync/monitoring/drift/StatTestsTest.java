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
    void chiSquareTestPValueMatchesTheClosedFormOfTwoDegreesOfFreedom() {
        // three categories: df = 2, where chi2.sf(x) = exp(-x/2)
        long[] ref = {100, 200, 300};
        long[] cur = {30, 20, 10};
        double[] result = DriftCalculator.chiSquare(ref, cur);
        assertThat(result[1]).isCloseTo(Math.exp(-result[0] / 2), Offset.offset(1e-13));
    }

    @Test
    void zTestPValueIsTwiceTheNormalTail() {
        // z = 1.959963984540054 has a two-sided p of 0.05
        double[] result = DriftCalculator.zTest(new long[] {50, 50}, new long[] {40, 60}, 0);
        double tail = 0.5 * org.apache.commons.numbers.gamma.Erfc.value(Math.abs(result[0]) / Math.sqrt(2));
        assertThat(result[1]).isCloseTo(2 * tail, Offset.offset(1e-12));
    }

    @Test
    void kolmogorovLimitingSurvivalIsContinuousWhereItsTwoSeriesMeet() {
        assertThat(KolmogorovSmirnov.kolmogorovSf(1.18 - 1e-12))
                .isCloseTo(KolmogorovSmirnov.kolmogorovSf(1.18), Offset.offset(1e-12));
        assertThat(KolmogorovSmirnov.kolmogorovSf(1.3580986393225507)).isCloseTo(0.05, Offset.offset(1e-9));
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
