package io.stylesync.training.embedding;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.embedding.EmbeddingCache;
import io.stylesync.common.embedding.EmbeddingKey;
import io.stylesync.common.embedding.Embeddings;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.training.config.TrainingProperties;
import io.stylesync.training.dataset.DatasetSource;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Backbone embeddings of every record of a dataset version, computed once per (dataset version, backbone
 * SHA-256, preprocessing fingerprint) and then read from the {@link EmbeddingCache}: a frozen backbone never runs
 * twice over the same images, whether for training or evaluation. What is computed is shared in the bucket, where
 * inference-service's catalogue reads it instead of embedding the same images again. Unaugmented images only.
 */
@Component
public class DatasetEmbeddings {

    private final DatasetSource datasets;
    private final EmbeddingCache cache;
    private final int batchSize;

    public DatasetEmbeddings(
            DatasetSource datasets, TrainingProperties props, ObjectStore store, StorageProperties storage) {
        this.datasets = datasets;
        this.cache = new EmbeddingCache(props.workDir().resolve("embeddings"), store, storage.bucket());
        this.batchSize = props.featureBatchSize();
    }

    /** One row per record, in record order. */
    public float[][] of(
            DatasetManifest manifest,
            List<DatasetRecord> records,
            Path backbone,
            String backboneSha256,
            PreprocessConfig preprocessing,
            ProgressListener progress) {
        EmbeddingKey key = new EmbeddingKey(manifest.version(), backboneSha256, preprocessing.fingerprint());
        List<String> ids = records.stream().map(DatasetRecord::id).toList();
        var cached = cache.load(key);
        if (cached.isPresent() && cached.get().ids().equals(ids)) {
            progress.cached(ids.size());
            cache.ensureShared(key);
            return cached.get().vectors();
        }
        List<Supplier<byte[]>> images = records.stream()
                .<Supplier<byte[]>>map(r -> () -> datasets.image(manifest, r))
                .toList();
        float[][] features;
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            ImagePreprocessor preprocessor =
                    new ImagePreprocessor(preprocessing, new ImageDecoder(DecodeLimits.defaults()));
            features = new EmbeddingExtractor(model, preprocessor, batchSize).extract(images, progress);
        }
        cache.share(key, new Embeddings(ids, features));
        return features;
    }
}
