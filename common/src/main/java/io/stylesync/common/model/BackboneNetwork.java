package io.stylesync.common.model;

/**
 * A loaded backbone, whichever engine runs it: a batch of CHW floats in ({@code n * 3 * height * width}, as
 * {@code ImagePreprocessor} produces them), the pooled features out as a row-major {@code n x featureDim} array.
 * Safe for concurrent callers.
 */
public interface BackboneNetwork extends AutoCloseable {

    float[] forward(float[] batch, int n, int height, int width);

    BackboneEngine engine();

    /** Where the forward pass runs, e.g. {@code cpu()} or {@code gpu(0)}, for logs and the model endpoint. */
    String device();

    @Override
    void close();
}
