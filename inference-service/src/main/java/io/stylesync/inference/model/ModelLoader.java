package io.stylesync.inference.model;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BackboneLoader;
import io.stylesync.common.model.BackboneNetwork;
import io.stylesync.common.model.BundleFetcher;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.InvalidModelBundleException;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.inference.config.InferenceProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds which version an alias names and turns it into a warmed {@link ServingModel}: from MLflow
 * (downloaded once into the cache directory and verified by {@link ModelBundle#read}), from the cache
 * when MLflow is unreachable, or from a fixed local bundle directory when one is configured.
 */
@Component
public class ModelLoader {

    static final String LOCAL_VERSION = "local";

    private final MlflowClient mlflow;
    private final BundleFetcher fetcher;
    private final JsonMapper json;
    private final InferenceProperties props;
    private final String modelName;
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    public ModelLoader(MlflowClient mlflow, JsonMapper json, InferenceProperties props, MlflowProperties mlflowProps) {
        this.mlflow = mlflow;
        this.json = json;
        this.props = props;
        this.modelName = mlflowProps.modelName();
        this.fetcher = new BundleFetcher(mlflow, json, props.cacheDir());
    }

    public String modelName() {
        return modelName;
    }

    /**
     * The version {@code alias} points to now; empty when the alias is not set.
     *
     * @throws io.stylesync.common.mlflow.MlflowException when MLflow cannot be reached
     */
    public Optional<ModelVersion> resolve(String alias) {
        if (props.bundleDir() != null) {
            return Optional.of(new ModelVersion(
                    modelName,
                    LOCAL_VERSION,
                    props.bundleDir().toString(),
                    null,
                    "READY",
                    java.util.List.of(alias),
                    Map.of()));
        }
        return Optional.ofNullable(mlflow.getVersionByAlias(modelName, alias));
    }

    public ServingModel load(ModelVersion version, String alias, int warmBatch) {
        ModelBundle bundle =
                props.bundleDir() != null ? ModelBundle.read(props.bundleDir(), json) : fetcher.fetch(version);
        ServingModel model = open(version.version(), bundle);
        warm(model, warmBatch);
        if (props.bundleDir() == null) {
            rememberServed(alias, version.version());
        }
        return model;
    }

    /** The version last served for {@code alias}, from the local cache, for a start while MLflow is down. */
    public Optional<ServingModel> loadCached(String alias, int warmBatch) {
        Path marker = markerFile(alias);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            String version = Files.readString(marker, StandardCharsets.UTF_8).trim();
            Path dir = props.cacheDir().resolve(modelName).resolve(version);
            ServingModel model = open(version, ModelBundle.read(dir, json));
            warm(model, warmBatch);
            return Optional.of(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServingModel open(String version, ModelBundle bundle) {
        EmbeddingStatistics embeddingStats = null;
        Path statsFile = bundle.dir().resolve(EmbeddingStatistics.FILE);
        if (Files.isRegularFile(statsFile)) {
            try {
                embeddingStats = json.readValue(statsFile.toFile(), EmbeddingStatistics.class);
            } catch (RuntimeException e) {
                throw new InvalidModelBundleException("unreadable " + EmbeddingStatistics.FILE + ": " + e.getMessage());
            }
        }
        BackboneNetwork network = BackboneLoader.open(bundle, props.engine().settings());
        try {
            return new ServingModel(modelName, version, bundle, network, decoder, embeddingStats);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Runs the network once per batch shape a request can produce first, so no user pays for lazy initialisation. */
    private static void warm(ServingModel model, int warmBatch) {
        int len = model.preprocessor().config().tensorLength();
        for (int n : new int[] {1, Math.max(1, warmBatch)}) {
            float[] out = model.embed(new float[n * len], n);
            if (out.length != n * model.featureDim()) {
                model.retire();
                throw new InvalidModelBundleException("backbone gives " + out.length / n
                        + " features per image, the bundle says " + model.featureDim());
            }
        }
    }

    private void rememberServed(String alias, String version) {
        try {
            Path marker = markerFile(alias);
            Files.createDirectories(marker.getParent());
            Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
            Files.writeString(tmp, version, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    marker,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path markerFile(String alias) {
        return props.cacheDir().resolve(modelName).resolve(alias + ".served");
    }
}
