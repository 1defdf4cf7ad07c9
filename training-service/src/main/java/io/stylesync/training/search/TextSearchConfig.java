package io.stylesync.training.search;

/**
 * Hyper-parameters of {@link TextEncoderTrainer}.
 *
 * @param epochs                most passes over the training captions
 * @param batchSize             caption–image pairs per step; the other pairs of a batch are each pair's negatives
 * @param learningRate          Adam step size
 * @param earlyStoppingPatience stop after this many epochs without a better validation recall; 0 never stops early
 * @param buckets               hash buckets of the tokenizer
 * @param embeddingDim          token embedding size
 * @param hiddenDim             the text network's hidden layer
 * @param outputDim             the shared space text and images are projected into
 * @param seed                  batch order and initial weights
 */
public record TextSearchConfig(
        int epochs,
        int batchSize,
        float learningRate,
        int earlyStoppingPatience,
        int buckets,
        int embeddingDim,
        int hiddenDim,
        int outputDim,
        long seed) {

    public TextSearchConfig {
        if (epochs < 1 || batchSize < 2) {
            throw new IllegalArgumentException("epochs must be >= 1 and batchSize >= 2: " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive: " + learningRate);
        }
        if (earlyStoppingPatience < 0 || buckets < 2 || embeddingDim < 1 || hiddenDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("patience must be >= 0, buckets >= 2 and every size >= 1");
        }
    }

    /** 16,384 buckets, 128-d tokens, 256 hidden, 256-d shared space; batch 256 (255 negatives per pair). */
    public static TextSearchConfig defaults() {
        return new TextSearchConfig(30, 256, 2e-3f, 5, 1 << 14, 128, 256, 256, 42L);
    }

    public TextSearchConfig withEpochs(int newEpochs) {
        return new TextSearchConfig(
                newEpochs,
                batchSize,
                learningRate,
                earlyStoppingPatience,
                buckets,
                embeddingDim,
                hiddenDim,
                outputDim,
                seed);
    }

    public TextSearchConfig withSeed(long newSeed) {
        return new TextSearchConfig(
                epochs,
                batchSize,
                learningRate,
                earlyStoppingPatience,
                buckets,
                embeddingDim,
                hiddenDim,
                outputDim,
                newSeed);
    }
}
