package io.stylesync.training.embedding;

import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Images to backbone feature vectors with a frozen TorchScript backbone: each batch is decoded and preprocessed
 * on the calling thread, then forwarded in one call. The backbone's output per image is taken as its feature
 * row, whatever its size. Not thread-safe (it remembers the feature size); use one per thread.
 */
public final class EmbeddingExtractor {

    private final TorchScriptModel backbone;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private int featureDim = -1;

    public EmbeddingExtractor(TorchScriptModel backbone, ImagePreprocessor preprocessor, int batchSize) {
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * @param images encoded images, fetched one at a time as their batch is built (so at most one batch of
     *               encoded bytes is held)
     * @return one feature row per image, in order
     * @throws IllegalArgumentException  if an image cannot be decoded; the message names its index
     * @throws CancellationException     if {@code progress} asks to stop (checked between batches)
     */
    public float[][] extract(List<Supplier<byte[]>> images, ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        PreprocessConfig config = preprocessor.config();
        int tensor = config.tensorLength();
        float[][] features = new float[images.size()][];
        float[] batch = null;
        for (int start = 0; start < images.size(); start += batchSize) {
            if (progress.cancelled()) {
                throw new CancellationException(
                        "feature extraction cancelled after " + start + " of " + images.size() + " images");
            }
            int n = Math.min(batchSize, images.size() - start);
            if (batch == null || batch.length != n * tensor) {
                batch = new float[n * tensor];
            }
            for (int i = 0; i < n; i++) {
                System.arraycopy(preprocess(images.get(start + i), start + i), 0, batch, i * tensor, tensor);
            }
            float[] out = backbone.forward(batch, n, config.height(), config.width());
            int dim = out.length / n;
            if (dim * n != out.length || dim == 0) {
                throw new IllegalStateException("backbone returned " + out.length + " values for " + n + " images");
            }
            if (featureDim != -1 && featureDim != dim) {
                throw new IllegalStateException(
                        "backbone returned " + dim + " features per image, earlier " + featureDim);
            }
            featureDim = dim;
            for (int i = 0; i < n; i++) {
                float[] row = new float[dim];
                System.arraycopy(out, i * dim, row, 0, dim);
                features[start + i] = row;
            }
            progress.done(start + n);
        }
        return features;
    }

    /** Feature vector length, known once a batch has been extracted. */
    public int featureDim() {
        if (featureDim == -1) {
            throw new IllegalStateException("feature size is known after the first batch");
        }
        return featureDim;
    }

    public int batchSize() {
        return batchSize;
    }

    private float[] preprocess(Supplier<byte[]> image, int index) {
        try {
            return preprocessor.preprocess(image.get());
        } catch (InvalidImageException e) {
            throw new IllegalArgumentException(
                    "image " + index + " cannot be decoded (" + e.reason() + "): " + e.getMessage(), e);
        }
    }
}
