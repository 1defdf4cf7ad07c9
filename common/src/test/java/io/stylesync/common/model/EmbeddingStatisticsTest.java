package io.stylesync.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingStatisticsTest {

    @Test
    void statisticsAndSummariesOfKnownVectors() {
        float[][] x = {{3, 0}, {0, 4}, {3, 4}};
        EmbeddingStatistics s = EmbeddingStatistics.of(x);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.mean()).containsExactly(2f, 8f / 3);
        assertThat(s.normMin()).isEqualTo(3);
        assertThat(s.normMax()).isEqualTo(5);
        assertThat(s.normMean()).isCloseTo(4, within(1e-9));

        EmbeddingSummary atCentroid = EmbeddingSummary.of(new float[] {2, 8f / 3}, s);
        assertThat(atCentroid.centroidCosine()).isCloseTo(1, within(1e-6));
        assertThat(atCentroid.meanAbsZ()).isCloseTo(0, within(1e-6));
        EmbeddingSummary opposite = EmbeddingSummary.of(new float[] {-2, -8f / 3}, s);
        assertThat(opposite.centroidCosine()).isCloseTo(-1, within(1e-6));
        assertThat(opposite.norm()).isCloseTo(Math.hypot(2, 8.0 / 3), within(1e-6));
    }

    @Test
    void summarySampleKeepsTheDistributionAndIsCapped() {
        Random r = new Random(7);
        float[][] x = new float[12_000][8];
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (1 + r.nextGaussian());
            }
        }
        EmbeddingStatistics s = EmbeddingStatistics.of(x);
        assertThat(s.summarySample()).containsOnlyKeys(EmbeddingSummary.WIRE_NAMES);
        List<Double> norms = s.summarySample().get("norm");
        assertThat(norms).hasSize(EmbeddingStatistics.SAMPLE_SIZE).isSorted();
        double sampleMean =
                norms.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(sampleMean).isCloseTo(s.normMean(), within(0.02 * s.normMean()));
        // a standard normal's mean |z| is sqrt(2/pi)
        double meanAbsZ = s.summarySample().get("mean_abs_z").stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
        assertThat(meanAbsZ).isCloseTo(Math.sqrt(2 / Math.PI), within(0.02));
    }
}
