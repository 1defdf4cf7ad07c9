package io.stylesync.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.SlowTest;
import io.stylesync.inference.support.ModelFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every serving test of {@link PredictionApiTest} again with the backbone on ONNX Runtime
 * ({@code stylesync.inference.engine.name=onnxruntime}): each bundle published to MLflow — the first champion, the
 * hot swap's new version and the corrupt one — carries {@code backbone.onnx} and {@code backbone.int8.onnx} beside
 * {@code backbone.pt}, exported by {@code tools/export_onnx.py --bundle}, so the bundle round-trips through MLflow,
 * its SHA-256 check and a hot swap on the second engine.
 */
@TestPropertySource(properties = "stylesync.inference.engine.name=onnxruntime")
@SlowTest("a real MLflow server, ONNX exports by Python")
class PredictionApiOnnxTest extends PredictionApiTest {

    @BeforeAll
    static void exportBundlesToOnnx() {
        ModelFixture.exportOnnx(true);
    }

    @AfterAll
    static void stopExporting() {
        ModelFixture.exportOnnx(false);
    }

    @Test
    @Order(0)
    void servesTheBackboneOnOnnxRuntime() throws Exception {
        awaitReady();
        JsonNode model = json(send(at("/api/v1/model")), 200);
        assertThat(model.get("engine").asString()).isEqualTo("onnxruntime");
        assertThat(model.get("device").asString()).isEqualTo("cpu()");
        JsonNode bundle =
                ModelFixture.JSON.readTree(built.dir().resolve("bundle.json").toFile());
        JsonNode exports = bundle.get("backbone").get("exports");
        assertThat(exports.propertyNames()).containsExactlyInAnyOrder("onnxruntime", "onnxruntime-int8");
        assertThat(exports.get("onnxruntime").get("maxAbsDiff").asDouble()).isLessThanOrEqualTo(1e-4);
        assertThat(exports.get("onnxruntime-int8").get("accuracyDrop").propertyNames())
                .containsExactlyInAnyOrderElementsOf(ATTRIBUTES);
    }
}
