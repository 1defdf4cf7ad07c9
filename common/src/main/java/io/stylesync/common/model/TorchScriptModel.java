package io.stylesync.common.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A TorchScript network loaded with DJL's PyTorch engine, for inference on float batches
 * ({@code N x 3 x H x W}, as {@code ImagePreprocessor} produces them). Every call creates its
 * arrays in a sub-manager that is closed before returning: native memory is never left to the GC.
 */
public final class TorchScriptModel implements BackboneNetwork {

    private final ZooModel<NDList, NDList> model;
    private final Path path;
    /**
     * Per calling thread, a direct buffer the input batch is copied into and reused: {@code NDManager.create(float[])}
     * would allocate a fresh direct buffer per call (9.6 MB for 16 images at 224x224) that is only freed when the GC
     * gets to it, long after the tensor is closed.
     */
    private final ThreadLocal<ByteBuffer> inputBuffers = new ThreadLocal<>();

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
    @Override
    public float[] forward(float[] batch, int n, int height, int width) {
        Shape shape = new Shape(n, 3, height, width);
        int size = Math.toIntExact(shape.size());
        if (batch.length < size) {
            throw new IllegalArgumentException(batch.length + " floats for a batch of shape " + shape);
        }
        ByteBuffer buffer = inputBuffers.get();
        if (buffer == null || buffer.capacity() < size * Float.BYTES) {
            buffer = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder());
            inputBuffers.set(buffer);
        }
        buffer.clear();
        buffer.asFloatBuffer().put(batch, 0, size);
        ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
        view.limit(size * Float.BYTES);
        // The tensor may use the buffer's memory as its storage: it is closed (with scope) before this thread's next
        // call.
        try (NDManager scope = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDList input = new NDList(scope.create(view, shape, DataType.FLOAT32));
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

    @Override
    public BackboneEngine engine() {
        return BackboneEngine.PYTORCH;
    }

    @Override
    public String device() {
        return model.getNDManager().getDevice().toString();
    }

    @Override
    public void close() {
        model.close();
    }
}
