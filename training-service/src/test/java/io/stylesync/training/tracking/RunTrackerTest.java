package io.stylesync.training.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.testing.MlflowServerExtension;
import io.stylesync.common.testing.SlowTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MLflow goes down mid-run: training goes on, metrics wait in the buffer and arrive when MLflow is back. */
@SlowTest("a real MLflow server")
class RunTrackerTest {

    @RegisterExtension
    static final MlflowServerExtension mlflow = new MlflowServerExtension();

    @Test
    void buffersWhileMlflowIsDownAndFlushesEverythingWhenItReturns() throws Exception {
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(5));
        RunTracker tracker = new RunTracker(client, "outage", "run-outage", Map.of("dataset.version", "v1"));
        tracker.params(Map.of("epochs", "10"));
        tracker.metrics(Map.of("train_loss", 2.0), 0);
        assertThat(tracker.isFlushed()).isTrue();

        mlflow.stop();
        for (int epoch = 1; epoch < 10; epoch++) {
            tracker.metrics(Map.of("train_loss", 2.0 / (epoch + 1)), epoch);
        }
        tracker.finish("FINISHED");
        assertThat(tracker.isFlushed()).isFalse();
        assertThat(tracker.bufferedMetrics()).isEqualTo(9);
        assertThat(tracker.lastError()).contains("unreachable");

        mlflow.start();
        assertThat(tracker.flush()).isTrue();

        assertThat(client.metricHistory(tracker.run().runId(), "train_loss")).hasSize(10);
        assertThat(client.getRun(tracker.run().runId()).status()).isEqualTo("FINISHED");
    }

    @Test
    void aRunStartedWhileMlflowIsDownIsCreatedLater() throws Exception {
        MlflowClient client = new MlflowClient(mlflow.uri(), Duration.ofSeconds(5));
        mlflow.stop();
        RunTracker tracker = new RunTracker(client, "outage", "late-run", Map.of());
        tracker.metrics(Map.of("val.accuracy", 0.5), 1);
        assertThat(tracker.run()).isNull();
        MlflowRetrier retrier = new MlflowRetrier();
        retrier.add(tracker::flush);
        retrier.retryAll();
        assertThat(retrier.size()).isEqualTo(1);

        mlflow.start();
        retrier.retryAll();

        assertThat(retrier.size()).isZero();
        assertThat(client.metricHistory(tracker.run().runId(), "val.accuracy")).hasSize(1);
    }
}
