package io.stylesync.common.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against a real MLflow server. */
@SlowTest("a real MLflow server")
class MlflowClientTest {

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    private MlflowClient client() {
        return new MlflowClient(mlflow.uri(), Duration.ofSeconds(20));
    }

    @Test
    void tracksARunWithBatchesBeyondMlflowsLimitsAndArtifacts(@TempDir Path tmp) throws Exception {
        MlflowClient c = client();
        String experiment = c.getOrCreateExperiment("stylesync-test");
        assertThat(c.getOrCreateExperiment("stylesync-test")).isEqualTo(experiment);
        MlflowRun run = c.createRun(experiment, "run-1", Map.of("dataset.version", "v0123456789abcdef"));
        assertThat(run.artifactUri()).startsWith("mlflow-artifacts:/");

        List<MlflowClient.Metric> metrics = new ArrayList<>();
        for (int step = 0; step < 1_500; step++) {
            metrics.add(MlflowClient.Metric.of("loss", 1.0 / (step + 1), step));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 130; i++) {
            params.put("p" + i, String.valueOf(i));
        }
        c.logBatch(run.runId(), metrics, params, Map.of("backbone", "mobilenet-v2"));
        c.uploadArtifact(run, "model/labels.json", "{\"a\":1}".getBytes());
        Path big = tmp.resolve("weights.bin");
        Files.write(big, new byte[3 * 1024 * 1024 + 17]);
        c.uploadArtifact(run, "model/weights.bin", big);
        c.finishRun(run.runId(), "FINISHED");

        assertThat(c.metricHistory(run.runId(), "loss")).hasSize(1_500);
        assertThat(c.getRun(run.runId()).status()).isEqualTo("FINISHED");
        assertThat(new String(c.downloadArtifact(run, "model/labels.json"))).isEqualTo("{\"a\":1}");
        assertThat(c.downloadArtifact(run, "model/weights.bin")).hasSize(3 * 1024 * 1024 + 17);
    }

    @Test
    void registersVersionsWaitsForReadyAndMovesAliases() {
        MlflowClient c = client();
        String experiment = c.getOrCreateExperiment("stylesync-registry");
        MlflowRun run = c.createRun(experiment, "run", Map.of());
        c.uploadArtifact(run, "model/bundle.json", "{}".getBytes());
        c.createRegisteredModel("fashion");
        c.createRegisteredModel("fashion"); // idempotent

        ModelVersion v1 = c.awaitReady(
                "fashion",
                c.createModelVersion("fashion", run.artifactUri() + "/model", run.runId(), Map.of("dataset", "v1"))
                        .version(),
                Duration.ofSeconds(30));
        ModelVersion v2 = c.awaitReady(
                "fashion",
                c.createModelVersion("fashion", run.artifactUri() + "/model", run.runId(), Map.of())
                        .version(),
                Duration.ofSeconds(30));
        assertThat(v1.version()).isEqualTo("1");
        assertThat(c.getModelVersion("fashion", "1").tags()).containsEntry("dataset", "v1");
        assertThat(v2.version()).isEqualTo("2");
        assertThat(c.getVersionByAlias("fashion", "champion")).isNull();

        c.setAlias("fashion", "champion", v1.version());
        c.setAlias("fashion", "challenger", v2.version());
        assertThat(c.getVersionByAlias("fashion", "champion").version()).isEqualTo("1");
        c.setAlias("fashion", "champion", v2.version());
        ModelVersion champion = c.getVersionByAlias("fashion", "champion");
        assertThat(champion.version()).isEqualTo("2");
        assertThat(champion.aliases()).contains("champion", "challenger");
        assertThat(new String(c.downloadArtifact(champion.source(), "bundle.json")))
                .isEqualTo("{}");
    }

    @Test
    void errorsCarryMlflowsCodeAndAnUnreachableServerIsSaidSo() {
        assertThatThrownBy(() -> client().getRun("no-such-run"))
                .isInstanceOf(MlflowException.class)
                .satisfies(e -> assertThat(((MlflowException) e).isNotFound()).isTrue());
        MlflowClient dead = new MlflowClient(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.getOrCreateExperiment("x"))
                .isInstanceOf(MlflowException.class)
                .satisfies(
                        e -> assertThat(((MlflowException) e).isUnreachable()).isTrue())
                .hasMessageContaining("unreachable");
    }
}
