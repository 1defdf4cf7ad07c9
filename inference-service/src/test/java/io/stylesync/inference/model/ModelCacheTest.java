package io.stylesync.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.support.ModelFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** MLflow down when inference starts: the version last served is loaded from the local cache. */
@SlowTest("a real MLflow server")
class ModelCacheTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    static InferenceProperties props(Path cache) {
        return new InferenceProperties(
                "champion",
                Duration.ofSeconds(30),
                cache,
                null,
                3,
                32,
                new InferenceProperties.Batching(4, Duration.ofMillis(2), 16, Duration.ofSeconds(30)),
                new InferenceProperties.Events(null, null, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new InferenceProperties.Canary("challenger", 0, false),
                new InferenceProperties.Similar(false, 10, List.of("train"), 5),
                new InferenceProperties.Weather(
                        false, URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1), Duration.ofMinutes(30), 1000),
                new InferenceProperties.Engine(io.stylesync.common.model.BackboneEngine.PYTORCH, 0, false, 0.5));
    }

    @Test
    void servesTheCachedChampionWhenMlflowIsDownAtStart(@TempDir Path tmp) throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetManifest dataset = DatasetFixture.write(s3.store(), "stylesync", "cache-test", "v00000000000000c1", 5);
        var built = ModelFixture.build(
                s3.store(), "stylesync", dataset, DatasetFixture.backbone(), tmp.resolve("bundle"), 1.0);
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(10));
        ModelFixture.publish(client, built.dir(), "cached-model", "champion");
        MlflowProperties mlflowProps =
                new MlflowProperties(mlflow.uri(), "stylesync", "cached-model", Duration.ofSeconds(5));
        InferenceProperties props = props(tmp.resolve("cache"));

        ModelSlots first = new ModelSlots();
        AliasWatcher online = new AliasWatcher(
                new ModelLoader(client, ModelFixture.JSON, props, mlflowProps),
                first,
                props,
                new SimpleMeterRegistry());
        online.refresh();
        assertThat(first.current(ModelRole.CHAMPION))
                .hasValueSatisfying(m -> assertThat(m.version()).isEqualTo("1"));
        online.stop();
        assertThat(first.current(ModelRole.CHAMPION)).isEmpty();

        mlflow.stop();
        try {
            ModelSlots second = new ModelSlots();
            AliasWatcher offline = new AliasWatcher(
                    new ModelLoader(
                            new MlflowClient(mlflow.uri(), Duration.ofSeconds(2)),
                            ModelFixture.JSON,
                            props,
                            mlflowProps),
                    second,
                    props,
                    new SimpleMeterRegistry());
            offline.refresh();
            assertThat(offline.lastError()).contains("MLflow unreachable");
            ServingModel cached = second.current(ModelRole.CHAMPION).orElseThrow();
            assertThat(cached.version()).isEqualTo("1");
            ServingModel acquired = second.acquire(ModelRole.CHAMPION);
            try {
                float[] x = acquired.embed(
                        new float[acquired.preprocessor().config().tensorLength()], 1);
                assertThat(x).hasSize(1280);
            } finally {
                acquired.release();
            }
            offline.stop();
            assertThat(cached.isClosed()).isTrue();
        } finally {
            mlflow.start();
        }
    }
}
