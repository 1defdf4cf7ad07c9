package io.stylesync.training.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardisationTest {

    @Test
    void aHeadOnStandardisedFeaturesEqualsTheFoldedHeadOnRawFeatures() {
        Random random = new Random(3);
        int dim = 6;
        float[][] x = new float[50][dim];
        for (float[] row : x) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) (100 * j + (j + 1) * random.nextGaussian());
            }
            row[5] = 2.5f; // constant: std 0, only centred
        }
        Standardisation s = Standardisation.fit(x, dim);
        float[] w = new float[dim];
        for (int j = 0; j < dim; j++) {
            w[j] = (float) random.nextGaussian();
        }
        float[] folded = new float[dim];

        float bias = s.fold(w, 0, 0.7f, folded);

        float[] z = new float[dim];
        for (float[] row : x) {
            s.apply(row, z, 0);
            double onZ = 0.7;
            double onX = bias;
            for (int j = 0; j < dim; j++) {
                onZ += w[j] * z[j];
                onX += folded[j] * row[j];
            }
            assertThat(onX).isCloseTo(onZ, within(1e-3));
        }
        s.apply(x[0], z, 0);
        assertThat(z[5]).isEqualTo(0f);
    }
}
