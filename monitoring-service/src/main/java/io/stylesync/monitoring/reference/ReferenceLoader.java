package io.stylesync.monitoring.reference;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.monitoring.config.MonitoringProperties;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads a model version's reference: from MLflow, only {@code bundle.json}, {@code reference-stats.json} and
 * {@code embedding-stats.json} of the registered version's bundle (never the backbone), through the artifact
 * proxy; or, when configured, {@code processed/<dataset>/<version>/reference-stats.json} from S3.
 */
@Component
public class ReferenceLoader {

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final MlflowClient mlflow;
    private final ObjectStore store;
    private final StorageProperties storage;
    private final MonitoringProperties.Reference settings;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ReferenceLoader(
            MlflowClient mlflow, ObjectStore store, StorageProperties storage, MonitoringProperties properties) {
        this.mlflow = mlflow;
        this.store = store;
        this.storage = storage;
        this.settings = properties.reference();
    }

    public ModelReference load(String modelName, String modelVersion) {
        if (settings.fromDataset()) {
            return fromDataset(modelName, modelVersion);
        }
        try {
            return fromBundle(mlflow.getModelVersion(modelName, modelVersion));
        } catch (MlflowException | JacksonException | IllegalArgumentException e) {
            throw new ReferenceUnavailableException(
                    "no reference for model " + modelName + " version " + modelVersion + ": " + e.getMessage(), e);
        }
    }

    /** The version an alias points to, or null when the alias is not set. */
    public ModelVersion versionByAlias(String modelName, String alias) {
        return mlflow.getVersionByAlias(modelName, alias);
    }

    private ModelReference fromBundle(ModelVersion version) {
        BundleManifest manifest = optional(version, BundleManifest.FILE, BundleManifest.class);
        Map<String, String> files = manifest != null && manifest.files() != null ? manifest.files() : Map.of();
        String statsFile = files.getOrDefault("referenceStatistics", DatasetPaths.REFERENCE_STATS);
        String embeddingFile = files.getOrDefault("embeddingStatistics", EmbeddingStatistics.FILE);
        ReferenceStatistics stats =
                json.readValue(mlflow.downloadArtifact(version.source(), statsFile), ReferenceStatistics.class);
        EmbeddingStatistics embedding = optional(version, embeddingFile, EmbeddingStatistics.class);
        List<BundleManifest.Head> heads = manifest != null && manifest.heads() != null ? manifest.heads() : List.of();
        return new ModelReference(
                version.name(),
                version.version(),
                "mlflow:" + version.name() + "/" + version.version() + " (dataset " + stats.dataset() + "/"
                        + stats.version() + ")",
                stats,
                embedding,
                heads);
    }

    private <T> T optional(ModelVersion version, String file, Class<T> type) {
        try {
            return json.readValue(mlflow.downloadArtifact(version.source(), file), type);
        } catch (MlflowException e) {
            if (e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }

    private ModelReference fromDataset(String modelName, String modelVersion) {
        var location = DatasetPaths.versionPrefix(storage.bucket(), settings.dataset(), settings.datasetVersion())
                .resolve(DatasetPaths.REFERENCE_STATS);
        try {
            ReferenceStatistics stats =
                    json.readValue(store.readAllBytes(location, MAX_BYTES), ReferenceStatistics.class);
            return new ModelReference(modelName, modelVersion, "s3:" + location, stats, null, List.of());
        } catch (RuntimeException e) {
            throw new ReferenceUnavailableException("no reference at " + location + ": " + e.getMessage(), e);
        }
    }
}
