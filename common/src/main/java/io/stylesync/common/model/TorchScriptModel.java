package io.stylesync.common.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A TorchScript network loaded with DJL's PyTorch engine, for inference on float batches
 * ({@code N x 3 x H x W}, as {@code ImagePreprocessor} produces them). Every call creates its
 * arrays in a sub-manager that is closed before returning: native memory is never left to the GC.
 */
public final class TorchScriptModel implements AutoCloseable {

    private final ZooModel<NDList, NDList> model;
    private final Path path;

    private TorchScriptModel(ZooModel<NDList, NDList> model, Path path) {
        this.model = model;
        this.path = path;
    }

    /** Loads a TorchScript file (frozen: no gradients) on the default device (GPU if present, else CPU). */
    public static TorchScriptModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no TorchScript file at " + file);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file)
                .optEngine("PyTorch")
                .optTranslator(new NoopTranslator())
                .optOption("trainParam", "false")
                .build();
        try {
            return new TorchScriptModel(criteria.loadModel(), file);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a batch and returns the first output as a row-major float array ({@code N x outputSize}).
     *
     * @param batch {@code n * 3 * height * width} floats, CHW per image
     */
    public float[] forward(float[] batch, int n, int height, int width) {
        try (NDManager scope = model.getNDManager().newSubManager();
             Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDList input = new NDList(scope.create(batch, new Shape(n, 3, height, width)));
            NDList output = predictor.predict(input);
            try {
                return output.head().toFloatArray();
            } finally {
                output.close();
            }
        } catch (TranslateException e) {
            throw new IllegalStateException("forward pass of " + path.getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    public String device() {
        return model.getNDManager().getDevice().toString();
    }

    @Override
    public void close() {
        model.close();
    }
}
