package io.stylesync.monitoring.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.monitoring.config.MonitoringProperties;
import io.stylesync.monitoring.drift.DriftKind;
import io.stylesync.monitoring.support.BundleReferenceFixture;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** The reference of a dataset version, from S3 over the real S3 protocol, as ingest writes it. */
class DatasetReferenceTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    private static MonitoringProperties properties(String dataset, String version) {
        return new MonitoringProperties(
                new MonitoringProperties.Window(10, 500, null, 1000, 256, 1000),
                new MonitoringProperties.Reference("champion", dataset, version, Duration.ofMinutes(1)),
                1000,
                10000,
                Duration.ofSeconds(15),
                4,
                new MonitoringProperties.Checkpoint(
                        false, Duration.ofSeconds(30), "monitoring/checkpoint.json", Duration.ofHours(1)));
    }

    @Test
    void loadsTheDatasetVersionsReferenceStatisticsAndBuildsItsColumns() throws Exception {
        ReferenceStatistics stats = BundleReferenceFixture.load(200, 0).statistics();
        StorageProperties storage = s3.properties();
        s3.store().ensureBucket(storage.bucket());
        s3.store()
                .put(
                        DatasetPaths.versionPrefix(storage.bucket(), "fashion-products", "v1")
                                .resolve(DatasetPaths.REFERENCE_STATS),
                        JsonMapper.builder().build().writeValueAsBytes(stats),
                        "application/json");
        // MLflow is not consulted when a dataset is configured: an unreachable tracking URI proves it
        MlflowClient unreachable = new MlflowClient(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1));
        ReferenceLoader loader =
                new ReferenceLoader(unreachable, s3.store(), storage, properties("fashion-products", "v1"));

        ModelReference reference = loader.load("stylesync-fashion", "7");
        assertThat(reference.source()).startsWith("s3:").contains("processed/fashion-products/v1/reference-stats.json");
        ReferenceColumns columns = ReferenceColumns.of(reference, 1000);
        assertThat(columns.numeric()).hasSize(7).allMatch(c -> c.kind() == DriftKind.IMAGE && c.referenceRows() == 200);
        assertThat(columns.categorical())
                .singleElement()
                .satisfies(c -> assertThat(c.total()).isEqualTo(200));
        assertThat(columns.notes()).anyMatch(n -> n.contains("embedding drift skipped"));

        ReferenceLoader missing =
                new ReferenceLoader(unreachable, s3.store(), storage, properties("fashion-products", "v2"));
        assertThatThrownBy(() -> missing.load("stylesync-fashion", "7"))
                .isInstanceOf(ReferenceUnavailableException.class)
                .hasMessageContaining("processed/fashion-products/v2/reference-stats.json");
    }
}
