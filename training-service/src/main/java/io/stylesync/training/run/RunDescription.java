package io.stylesync.training.run;

import ai.djl.engine.Engine;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.training.backbone.BackboneResolver;
import io.stylesync.training.network.FineTuneConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run is, for MLflow: its parameters and its lineage tags (which also go into the bundle). */
final class RunDescription {

    private RunDescription() {}

    static Map<String, String> params(TrainingSpec spec, DatasetManifest manifest, BackboneResolver.Backbone backbone) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dataset.name", manifest.dataset());
        p.put("dataset.version", manifest.version());
        p.put("target_attributes", String.join(",", spec.targetAttributes()));
        p.put("backbone", backbone.reference());
        p.put("freeze", spec.freeze().wireName());
        if (spec.finetunes()) {
            FineTuneConfig f = spec.fineTune();
            p.put("finetune.blocks", String.valueOf(f.policy().blocks()));
            p.put("finetune.epochs", String.valueOf(f.epochs()));
            p.put("finetune.batch_size", String.valueOf(f.batchSize()));
            p.put("finetune.learning_rate.heads", String.valueOf(f.headLearningRate()));
            p.put("finetune.learning_rate.backbone", String.valueOf(f.backboneLearningRate()));
            p.put(
                    "augmentation.horizontal_flip",
                    String.valueOf(f.augmentation().horizontalFlip()));
            p.put("augmentation.min_crop_scale", String.valueOf(f.augmentation().minCropScale()));
            p.put("augmentation.colour_jitter", String.valueOf(f.augmentation().colourJitter()));
        }
        p.put("normalization", spec.normalization().wireName());
        p.put("image_size", String.valueOf(spec.imageSize()));
        p.put("max_classes_per_head", String.valueOf(spec.maxClassesPerHead()));
        p.put("min_class_count", String.valueOf(spec.minClassCount()));
        p.put("epochs", String.valueOf(spec.head().epochs()));
        p.put("batch_size", String.valueOf(spec.head().batchSize()));
        p.put("learning_rate", String.valueOf(spec.head().learningRate()));
        p.put("weight_decay", String.valueOf(spec.head().weightDecay()));
        p.put("early_stopping_patience", String.valueOf(spec.head().earlyStoppingPatience()));
        p.put("class_weights", String.valueOf(spec.head().classWeights()));
        p.put("hidden_units", String.valueOf(spec.head().hiddenUnits()));
        p.put("seed", String.valueOf(spec.head().seed()));
        p.put("text_search", String.valueOf(spec.trainsTextSearch()));
        if (spec.trainsTextSearch()) {
            var t = spec.textSearch();
            p.put("text.epochs", String.valueOf(t.epochs()));
            p.put("text.batch_size", String.valueOf(t.batchSize()));
            p.put("text.learning_rate", String.valueOf(t.learningRate()));
            p.put("text.buckets", String.valueOf(t.buckets()));
            p.put("text.dims", t.embeddingDim() + "," + t.hiddenDim() + "," + t.outputDim());
            // whether the captions had display names: versions ingested before text columns have none
            p.put(
                    "text.dataset_text_columns",
                    manifest.textColumns().isEmpty() ? "none" : String.join(",", manifest.textColumns()));
        }
        return p;
    }

    static Map<String, String> lineage(DatasetManifest manifest, BackboneResolver.Backbone backbone) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("dataset.name", manifest.dataset());
        t.put("dataset.version", manifest.version());
        t.put("dataset.records_sha256", manifest.recordsSha256());
        t.put("backbone.sha256", backbone.sha256());
        t.put("git.commit", System.getenv().getOrDefault("STYLESYNC_GIT_COMMIT", GitCommit.current()));
        t.put("djl.version", Engine.getDjlVersion());
        t.put("pytorch.version", Engine.getEngine("PyTorch").getVersion());
        return t;
    }
}
