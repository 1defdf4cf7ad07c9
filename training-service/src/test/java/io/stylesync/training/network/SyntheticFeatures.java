package io.stylesync.training.network;

import java.util.Random;

/**
 * Gaussian clusters in feature space, one per class of head "cluster"; head "parity" is the cluster index mod 2.
 * Features are scaled and offset far from zero mean / unit variance, as real backbone features are.
 */
record SyntheticFeatures(float[][] x, int[] cluster, int[] parity) {

    static SyntheticFeatures generate(int n, int dim, int clusters, double separation, long seed) {
        Random random = new Random(seed);
        Random centres = new Random(7);
        double[][] centre = new double[clusters][dim];
        for (int c = 0; c < clusters; c++) {
            for (int j = 0; j < dim; j++) {
                centre[c][j] = centres.nextGaussian() * separation;
            }
        }
        float[][] x = new float[n][dim];
        int[] cluster = new int[n];
        int[] parity = new int[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            cluster[i] = c;
            parity[i] = c % 2;
            for (int j = 0; j < dim; j++) {
                x[i][j] = (float) (5 + 3 * (centre[c][j] + random.nextGaussian()) * (1 + j % 4));
            }
        }
        return new SyntheticFeatures(x, cluster, parity);
    }
}
