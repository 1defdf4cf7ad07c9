package io.stylesync.common.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backbone exported to ONNX ({@code tools/export_onnx.py}) run by ONNX Runtime: on the CUDA execution provider
 * when asked for and present ({@code onnxruntime_gpu} on the class path and a GPU), else on the CPU. One session
 * serves concurrent callers (ONNX Runtime's {@code run} is thread-safe).
 */
public final class OnnxBackbone implements BackboneNetwork {

    private static final Logger log = LoggerFactory.getLogger(OnnxBackbone.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private final Path path;
    private final BackboneEngine engine;
    private final String device;
    /** Per calling thread, the direct buffer the batch is copied into: ONNX Runtime would copy a heap buffer anyway. */
    private final ThreadLocal<FloatBuffer> inputBuffers = new ThreadLocal<>();

    private OnnxBackbone(OrtEnvironment env, OrtSession session, Path path, BackboneEngine engine, String device)
            throws OrtException {
        this.env = env;
        this.session = session;
        this.input = session.getInputNames().iterator().next();
        this.path = path;
        this.engine = engine;
        this.device = device;
    }

    /** An fp32 export on the CPU. */
    public static OnnxBackbone load(Path file, int intraOpThreads) {
        return load(file, BackboneEngine.ONNXRUNTIME, intraOpThreads, false);
    }

    /**
     * @param intraOpThreads threads one forward pass may use (0: ONNX Runtime's default, one per physical core)
     * @param cuda           try the CUDA execution provider first
     */
    public static OnnxBackbone load(Path file, BackboneEngine engine, int intraOpThreads, boolean cuda) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no ONNX file at " + file);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            String device = "cpu()";
            if (cuda) {
                try {
                    options.addCUDA(0);
                    device = "gpu(0)";
                } catch (OrtException | RuntimeException e) {
                    log.info(
                            "ONNX Runtime has no CUDA execution provider here ({}): {} runs on the CPU",
                            e.getMessage(),
                            file.getFileName());
                }
            }
            OnnxBackbone backbone =
                    new OnnxBackbone(env, env.createSession(file.toString(), options), file, engine, device);
            if (engine == BackboneEngine.ONNXRUNTIME) {
                backbone.checkAgainstSidecar();
            }
            return backbone;
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load ONNX model " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The export's sidecar ({@code <file>.json}) holds the fp32 output for an all-0.5 input: this runtime must
     * reproduce it within the export's tolerance, or the file is refused (a different ONNX Runtime, a damaged file).
     * An INT8 export is not held to it: its accuracy budget is checked on the test split instead.
     */
    private void checkAgainstSidecar() {
        Path sidecar = path.resolveSibling(path.getFileName() + ".json");
        if (!Files.isRegularFile(sidecar)) {
            return;
        }
        JsonNode meta = JsonMapper.builder().build().readTree(sidecar.toFile());
        int height = meta.path("preprocessing").path("height").asInt();
        int width = meta.path("preprocessing").path("width").asInt();
        float[] input = new float[3 * height * width];
        Arrays.fill(input, (float) meta.path("checkInput").asDouble());
        float[] got = forward(input, 1, height, width);
        JsonNode expected = meta.path("checkOutput");
        double tolerance = meta.path("onnx").path("tolerance").asDouble(1e-4);
        if (got.length != expected.size()) {
            throw new IllegalStateException(
                    path.getFileName() + " returns " + got.length + " features, its export " + expected.size());
        }
        double maxDiff = 0;
        for (int i = 0; i < got.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected.get(i).asDouble()));
        }
        if (maxDiff > tolerance) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s differs from its export's check output by %.3g (tolerance %.1g)",
                    path.getFileName(),
                    maxDiff,
                    tolerance));
        }
    }

    @Override
    public float[] forward(float[] batch, int n, int height, int width) {
        long[] shape = {n, 3, height, width};
        int size = n * 3 * height * width;
        if (batch.length < size) {
            throw new IllegalArgumentException(
                    batch.length + " floats for a batch of " + n + "x3x" + height + "x" + width);
        }
        FloatBuffer buffer = inputBuffers.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(size * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            inputBuffers.set(buffer);
        }
        buffer.clear();
        buffer.put(batch, 0, size).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, buffer, shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] features = new float[values.remaining()];
            values.get(features);
            return features;
        } catch (OrtException e) {
            throw new IllegalStateException("forward pass of " + path.getFileName() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public BackboneEngine engine() {
        return engine;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close " + path.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
