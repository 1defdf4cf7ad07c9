package io.stylesync.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.image.PreprocessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Engine choice for a bundle's backbone, on the tiny fixture network ({@code tools/make_onnx_fixture.py}) as a real
 * bundle carrying its TorchScript file and ONNX exports: the engine asked for is used when the bundle can serve it,
 * else the next one down with the reason logged; exports are held to their SHA-256 like the TorchScript file.
 */
class BackboneLoaderTest {

    private static final Path FIXTURE = OnnxBackboneTest.FIXTURE;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void servesTheOnnxExportWhenAskedAndTheBundleHasIt(@TempDir Path dir) throws Exception {
        ModelBundle bundle = bundle(dir, Map.of("onnxruntime", export("tiny.onnx", dir, null)));
        float[] batch = new float[2 * 3 * 32 * 32];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) Math.sin(i * 0.37);
        }
        try (BackboneNetwork onnx = BackboneLoader.open(bundle, settings(BackboneEngine.ONNXRUNTIME, 0.5));
                BackboneNetwork torch = BackboneLoader.open(bundle, settings(BackboneEngine.PYTORCH, 0.5))) {
            assertThat(onnx).isInstanceOf(OnnxBackbone.class);
            assertThat(onnx.engine()).isEqualTo(BackboneEngine.ONNXRUNTIME);
            assertThat(onnx.device()).isEqualTo("cpu()"); // the CPU build: CUDA asked for, not there
            assertThat(torch.engine()).isEqualTo(BackboneEngine.PYTORCH);
            float[] a = onnx.forward(batch, 2, 32, 32);
            float[] b = torch.forward(batch, 2, 32, 32);
            assertThat(a).hasSize(16);
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void aBundleWithoutExportsIsServedOnPyTorch(@TempDir Path dir) throws Exception {
        ModelBundle bundle = bundle(dir, null);
        for (BackboneEngine asked : BackboneEngine.values()) {
            assertThat(BackboneLoader.choose(bundle, settings(asked, 0.5))).isEqualTo(BackboneEngine.PYTORCH);
        }
        try (BackboneNetwork network = BackboneLoader.open(bundle, settings(BackboneEngine.ONNXRUNTIME, 0.5))) {
            assertThat(network).isInstanceOf(TorchScriptModel.class);
        }
    }

    @Test
    void int8IsServedOnlyWithAMeasuredDropWithinBudget(@TempDir Path tmp) throws Exception {
        // tiny.onnx stands in for the INT8 file: what is decided here is the budget, not the arithmetic
        var within = bundle(
                tmp.resolve("within"),
                Map.of(
                        "onnxruntime", export("tiny.onnx", tmp.resolve("within"), null),
                        "onnxruntime-int8", export("tiny.onnx", tmp.resolve("within"), Map.of("a", 0.2, "b", -0.1))));
        assertThat(BackboneLoader.choose(within, settings(BackboneEngine.ONNXRUNTIME_INT8, 0.5)))
                .isEqualTo(BackboneEngine.ONNXRUNTIME_INT8);
        assertThat(BackboneLoader.choose(within, settings(BackboneEngine.ONNXRUNTIME_INT8, 0.1)))
                .as("budget 0.1 < head a's 0.2 points: the fp32 export instead")
                .isEqualTo(BackboneEngine.ONNXRUNTIME);
        try (BackboneNetwork network = BackboneLoader.open(within, settings(BackboneEngine.ONNXRUNTIME_INT8, 0.5))) {
            assertThat(network.engine()).isEqualTo(BackboneEngine.ONNXRUNTIME_INT8);
        }

        var unmeasured = bundle(
                tmp.resolve("unmeasured"),
                Map.of("onnxruntime-int8", export("tiny.onnx", tmp.resolve("unmeasured"), null)));
        assertThat(BackboneLoader.choose(unmeasured, settings(BackboneEngine.ONNXRUNTIME_INT8, 100)))
                .as("no accuracy measured, no fp32 export: PyTorch")
                .isEqualTo(BackboneEngine.PYTORCH);
    }

    @Test
    void anExportIsHeldToItsSha256AndToTheBundleDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("b");
        bundle(dir, Map.of("onnxruntime", export("tiny.onnx", dir, null)));
        Files.write(dir.resolve("tiny.onnx"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ModelBundle.read(dir, JSON))
                .isInstanceOf(InvalidModelBundleException.class)
                .hasMessageContaining("tiny.onnx has SHA-256");

        Path outside = tmp.resolve("outside");
        var escape = new BundleManifest.Export("../elsewhere.onnx", "0".repeat(64), null, null);
        assertThatThrownBy(() -> bundle(outside, Map.of("onnxruntime", escape)))
                .isInstanceOf(InvalidModelBundleException.class)
                .hasMessageContaining("outside the bundle");
    }

    @Test
    void engineNamesAreTheConfigurationValues() {
        assertThat(BackboneEngine.of("onnxruntime-int8")).isEqualTo(BackboneEngine.ONNXRUNTIME_INT8);
        assertThat(BackboneEngine.of(" PyTorch ")).isEqualTo(BackboneEngine.PYTORCH);
        assertThatThrownBy(() -> BackboneEngine.of("tensorrt"))
                .hasMessageContaining(
                        "unknown engine 'tensorrt', expected one of pytorch, onnxruntime, onnxruntime-int8");
    }

    private static BackboneLoader.Settings settings(BackboneEngine engine, double budget) {
        return new BackboneLoader.Settings(engine, 1, true, budget);
    }

    private static BundleManifest.Export export(String file, Path dir, Map<String, Double> drops) throws Exception {
        Files.createDirectories(dir);
        Path target = dir.resolve(file);
        if (!Files.exists(target)) {
            Files.copy(FIXTURE.resolve(file), target);
            Files.copy(FIXTURE.resolve(file + ".json"), dir.resolve(file + ".json"));
        }
        return new BundleManifest.Export(file, ModelBundle.sha256(target), 1e-6, drops);
    }

    private static ModelBundle bundle(Path dir, Map<String, BundleManifest.Export> exports) throws Exception {
        Files.createDirectories(dir);
        Files.copy(
                FIXTURE.resolve("tiny.pt"), dir.resolve("tiny.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ClassifierHead head = new ClassifierHead("a", List.of("x", "y"), new float[2][8], new float[2]);
        var manifest = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                "tiny",
                Instant.now(),
                new BundleManifest.Backbone(
                        "tiny.pt",
                        ModelBundle.sha256(dir.resolve("tiny.pt")),
                        8,
                        "fixture",
                        exports == null ? null : new LinkedHashMap<>(exports)),
                ModelBundle.describe(PreprocessConfig.mobileNetV2(32)),
                List.of(new BundleManifest.Head("a", head.classes(), null)),
                Map.of("heads", ModelBundle.HEADS_FILE),
                Map.of(),
                Map.of());
        ModelBundle.write(dir, manifest, List.of(head), JSON);
        return ModelBundle.read(dir, JSON);
    }
}
