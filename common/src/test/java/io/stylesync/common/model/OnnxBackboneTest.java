package io.stylesync.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.testing.ImageCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime against DJL's PyTorch engine on the same network: a tiny seeded backbone as TorchScript and as
 * exported by {@code tools/export_onnx.py} ({@code tools/make_onnx_fixture.py} writes both). The two engines agree
 * within the export's tolerance on real image tensors at several batch sizes (the batch dimension stayed dynamic),
 * and a file whose sidecar check output it does not reproduce is refused at load.
 */
class OnnxBackboneTest {

    static final Path FIXTURE = Path.of("src/test/resources/onnx");
    static final PreprocessConfig CONFIG = PreprocessConfig.mobileNetV2(32);

    @Test
    void onnxRuntimeReproducesTorchScriptAtEveryBatchSize() throws Exception {
        try (TorchScriptModel torch = TorchScriptModel.load(FIXTURE.resolve("tiny.pt"));
                OnnxBackbone onnx = OnnxBackbone.load(FIXTURE.resolve("tiny.onnx"), 2)) {
            for (int n : new int[] {1, 5, 16}) {
                float[] batch = tensors(n);
                float[] expected = torch.forward(batch, n, 32, 32);
                float[] got = onnx.forward(batch, n, 32, 32);
                assertThat(got).hasSize(n * 8).hasSameSizeAs(expected);
                double maxDiff = 0;
                for (int i = 0; i < got.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
                }
                assertThat(maxDiff).as("batch of %d", n).isLessThanOrEqualTo(1e-4);
            }
        }
    }

    @Test
    void aFileItsSidecarDoesNotDescribeIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(FIXTURE.resolve("tiny.onnx"), dir.resolve("tiny.onnx"));
        String sidecar = Files.readString(FIXTURE.resolve("tiny.onnx.json"));
        // the first check value, one hundredth off: another export's sidecar, or another runtime's arithmetic
        String first = sidecar.replaceAll("(?s).*\"checkOutput\": \\[\\s*([-0-9.eE]+).*", "$1");
        String tampered = sidecar.replaceFirst(
                java.util.regex.Pattern.quote(first), String.valueOf(Double.parseDouble(first) + 0.01));
        Files.writeString(dir.resolve("tiny.onnx.json"), tampered);

        assertThatThrownBy(() -> OnnxBackbone.load(dir.resolve("tiny.onnx"), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differs from its export's check output");
        assertThatThrownBy(() -> OnnxBackbone.load(dir.resolve("missing.onnx"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ONNX file");
    }

    private static float[] tensors(int n) throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        ImagePreprocessor pre = new ImagePreprocessor(CONFIG, decoder);
        float[] out = new float[n * CONFIG.tensorLength()];
        for (int i = 0; i < n; i++) {
            pre.toTensor(pre.resize(decoder.decode(ImageCorpus.jpeg(120, 90, i))), out, i * CONFIG.tensorLength());
        }
        return out;
    }
}
