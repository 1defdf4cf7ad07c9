package io.stylesync.training.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.LinearHead;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.training.backbone.BackboneResolver;
import io.stylesync.training.config.TrainingProperties;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.dataset.DatasetSource;
import io.stylesync.training.evaluation.ConfusionMatrixHtml;
import io.stylesync.training.evaluation.Evaluator;
import io.stylesync.training.evaluation.HeadEvaluation;
import io.stylesync.training.features.DatasetFeatures;
import io.stylesync.training.features.ProgressListener;
import io.stylesync.training.network.BackboneFineTuner;
import io.stylesync.training.network.EpochListener;
import io.stylesync.training.network.FineTuneConfig;
import io.stylesync.training.network.FineTuneResult;
import io.stylesync.training.network.HeadTrainer;
import io.stylesync.training.network.TrainingDevice;
import io.stylesync.training.network.TrainingImages;
import io.stylesync.training.network.TrainingResult;
import io.stylesync.training.registry.ModelRegistrar;
import io.stylesync.training.tracking.MlflowRetrier;
import io.stylesync.training.tracking.RunTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One training run: dataset version → backbone features (computed once per dataset, backbone
 * and preprocessing, then cached) → one linear head per attribute trained on the cached features
 * → evaluation on the test split → model bundle → MLflow artifacts, registered version, alias
 * {@code challenger}. Tracking goes through a buffered {@link RunTracker}; a registration that
 * cannot reach MLflow is retried by the {@link MlflowRetrier}.
 */
@Component
public class TrainingPipeline {

    private static final Logger log = LoggerFactory.getLogger(TrainingPipeline.class);

    private final DatasetSource datasets;
    private final BackboneResolver backbones;
    private final ModelRegistrar registrar;
    private final MlflowClient mlflow;
    private final MlflowRetrier retrier;
    private final MlflowProperties mlflowProps;
    private final TrainingProperties props;
    private final JsonMapper json;
    private final DatasetFeatures features;
    private final TrainingMetrics metrics;

    public TrainingPipeline(
            DatasetSource datasets,
            BackboneResolver backbones,
            ModelRegistrar registrar,
            MlflowClient mlflow,
            MlflowRetrier retrier,
            MlflowProperties mlflowProps,
            TrainingProperties props,
            JsonMapper json,
            DatasetFeatures features,
            TrainingMetrics metrics) {
        this.metrics = metrics;
        this.datasets = datasets;
        this.backbones = backbones;
        this.registrar = registrar;
        this.mlflow = mlflow;
        this.retrier = retrier;
        this.mlflowProps = mlflowProps;
        this.props = props;
        this.json = json;
        this.features = features;
    }

    public void run(TrainingRun run) {
        TrainingSpec spec = run.spec();
        RunTracker tracker = new RunTracker(
                mlflow,
                mlflowProps.experiment(),
                "train-" + run.id().substring(0, 8),
                Map.of("stylesync.training-run", run.id(), "dataset.version", spec.datasetVersion()));
        run.start(tracker);
        metrics.started();
        RunState outcome = RunState.FAILED;
        try {
            run.phase(RunPhase.LOADING);
            DatasetManifest manifest = datasets.manifest(spec.datasetVersion());
            List<DatasetRecord> records = datasets.records(manifest);
            BackboneResolver.Backbone backbone = backbones.resolve(spec.backbone());
            PreprocessConfig preprocessing = preprocessing(spec, manifest);
            tracker.params(params(spec, manifest, backbone));
            tracker.tags(lineageTags(manifest, backbone));

            run.phase(RunPhase.FEATURES);
            float[][] embedded = features(run, manifest, records, backbone, preprocessing);
            int dim = embedded[0].length;

            run.phase(RunPhase.TRAINING);
            List<LabelSpace> spaces = new ArrayList<>();
            for (String attribute : spec.targetAttributes()) {
                List<String> trainLabels = records.stream()
                        .filter(r -> r.split() == Split.TRAIN)
                        .map(r -> r.labels().get(attribute))
                        .toList();
                spaces.add(LabelSpace.fit(attribute, trainLabels, spec.maxClassesPerHead(), spec.minClassCount()));
            }
            SplitData train = SplitData.of(Split.TRAIN, records, embedded, spaces);
            SplitData val = SplitData.of(Split.VAL, records, embedded, spaces);
            SplitData test = SplitData.of(Split.TEST, records, embedded, spaces);
            TrainingResult result = new HeadTrainer()
                    .train(train.x(), train.y(), val.x(), val.y(), spaces, spec.head(), new EpochListener() {
                        @Override
                        public void onEpoch(int epoch, double trainLoss, Map<String, Double> valAccuracy) {
                            Map<String, Double> m = new LinkedHashMap<>();
                            m.put("train_loss", trainLoss);
                            valAccuracy.forEach((head, acc) -> m.put("val." + head + ".accuracy", acc));
                            run.epoch(epoch, trainLoss, m);
                            metrics.epoch(epoch);
                            tracker.metrics(m, epoch);
                        }

                        @Override
                        public boolean cancelled() {
                            return run.cancelRequested();
                        }
                    });
            if (result.cancelled()) {
                throw new CancellationException("cancelled after epoch " + result.epochsRun());
            }

            Path bundleDir = props.workDir().resolve("bundles").resolve(run.id());
            List<LinearHead> heads = result.heads();
            Path backboneFile = backbone.file();
            String backboneSha = backbone.sha256();
            FineTuneResult tuned = null;
            if (spec.finetunes()) {
                run.phase(RunPhase.FINE_TUNING);
                tuned = fineTune(run, tracker, manifest, records, backbone, preprocessing, spaces, heads, bundleDir);
                if (tuned.cancelled()) {
                    throw new CancellationException("cancelled during fine-tuning epoch " + tuned.epochsRun());
                }
                tracker.metrics(
                        Map.of(
                                "finetune.best_epoch",
                                (double) tuned.bestEpoch(),
                                "finetune.reload_max_abs_diff",
                                tuned.reloadDifference()),
                        tuned.bestEpoch());
                heads = tuned.heads();
                backboneFile = tuned.backbone();
                backboneSha = ModelBundle.sha256(backboneFile);
                // The tuned backbone's features (cached under its own SHA-256, so evaluations of this bundle reuse
                // them).
                run.phase(RunPhase.FEATURES);
                float[][] tunedFeatures = features.of(
                        manifest, records, backboneFile, backboneSha, preprocessing, progress(run, records.size()));
                train = SplitData.of(Split.TRAIN, records, tunedFeatures, spaces);
                test = SplitData.of(Split.TEST, records, tunedFeatures, spaces);
            }

            run.phase(RunPhase.EVALUATING);
            Map<String, Double> testMetrics = evaluate(heads, test, bundleDir.resolve("evaluation"));
            run.metrics(testMetrics);
            tracker.metrics(testMetrics, result.bestEpoch());
            tracker.metrics(Map.of("best_epoch", (double) result.bestEpoch()), result.bestEpoch());

            run.phase(RunPhase.REGISTERING);
            writeBundle(
                    bundleDir,
                    spec,
                    manifest,
                    backbone,
                    backboneFile,
                    backboneSha,
                    tuned,
                    preprocessing,
                    dim,
                    spaces,
                    heads,
                    train.x(),
                    testMetrics,
                    tracker,
                    run);
            register(run, tracker, bundleDir, spec, testMetrics);
            tracker.finish("FINISHED");
            if (!tracker.isFlushed()) {
                retrier.add(tracker::flush);
            }
            outcome = RunState.SUCCEEDED;
            run.end(RunState.SUCCEEDED, null);
        } catch (CancellationException e) {
            outcome = RunState.CANCELLED;
            finishQuietly(tracker, "KILLED");
            run.end(RunState.CANCELLED, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Training run {} failed: {}", run.id(), e.getMessage(), e);
            finishQuietly(tracker, "FAILED");
            run.end(RunState.FAILED, e.getMessage());
        } finally {
            metrics.ended(outcome);
        }
    }

    /**
     * Backbone and heads together on the training images (augmented), starting from the heads trained on the
     * frozen features; per-epoch metrics go to MLflow as {@code finetune.*}.
     */
    private FineTuneResult fineTune(
            TrainingRun run,
            RunTracker tracker,
            DatasetManifest manifest,
            List<DatasetRecord> records,
            BackboneResolver.Backbone backbone,
            PreprocessConfig preprocessing,
            List<LabelSpace> spaces,
            List<LinearHead> probe,
            Path bundleDir) {
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(preprocessing, new ImageDecoder(DecodeLimits.defaults()));
        SplitImages train = SplitImages.of(Split.TRAIN, records, spaces, manifest, datasets, preprocessor);
        SplitImages val = SplitImages.of(Split.VAL, records, spaces, manifest, datasets, preprocessor);
        Device device = TrainingDevice.choose();
        tracker.params(Map.of("finetune.device", device.toString()));
        return new BackboneFineTuner()
                .train(
                        backbone.file(),
                        train,
                        train.y(),
                        val,
                        val.y(),
                        spaces,
                        probe,
                        preprocessor,
                        run.spec().fineTune(),
                        device,
                        bundleDir.resolve("backbone.pt"),
                        new BackboneFineTuner.Listener() {
                            @Override
                            public void onEpoch(int epoch, double trainLoss, Map<String, Double> valAccuracy) {
                                Map<String, Double> m = new LinkedHashMap<>();
                                m.put("finetune.train_loss", trainLoss);
                                valAccuracy.forEach((head, acc) -> m.put("finetune.val." + head + ".accuracy", acc));
                                run.epoch(epoch, trainLoss, m);
                                metrics.epoch(epoch);
                                tracker.metrics(m, epoch);
                            }

                            @Override
                            public void imagesForwarded(int n) {
                                metrics.embedded(n);
                            }

                            @Override
                            public boolean cancelled() {
                                return run.cancelRequested();
                            }
                        });
    }

    /**
     * The images and label indices of one split, decoded from S3 on every access (nothing held between epochs),
     * with the rows {@link SplitData} keeps.
     */
    private record SplitImages(
            List<DatasetRecord> rows,
            Map<String, int[]> y,
            DatasetManifest manifest,
            DatasetSource datasets,
            ImagePreprocessor preprocessor)
            implements TrainingImages {

        static SplitImages of(
                Split split,
                List<DatasetRecord> records,
                List<LabelSpace> spaces,
                DatasetManifest manifest,
                DatasetSource datasets,
                ImagePreprocessor preprocessor) {
            List<DatasetRecord> rows = records.stream()
                    .filter(r -> r.split() == split
                            && spaces.stream().allMatch(s -> s.index(r.labels().get(s.attribute())) >= 0))
                    .toList();
            Map<String, int[]> y = new LinkedHashMap<>();
            for (LabelSpace s : spaces) {
                y.put(
                        s.attribute(),
                        rows.stream()
                                .mapToInt(r -> s.index(r.labels().get(s.attribute())))
                                .toArray());
            }
            return new SplitImages(rows, y, manifest, datasets, preprocessor);
        }

        @Override
        public int size() {
            return rows.size();
        }

        @Override
        public RgbImage image(int index) {
            DatasetRecord r = rows.get(index);
            try {
                return preprocessor.resize(
                        new ImageDecoder(DecodeLimits.defaults()).decode(datasets.image(manifest, r)));
            } catch (InvalidImageException e) {
                throw new IllegalStateException(
                        "image " + r.id() + " of the dataset cannot be decoded: " + e.getMessage(), e);
            }
        }
    }

    private static PreprocessConfig preprocessing(TrainingSpec spec, DatasetManifest manifest) {
        PreprocessConfig base = spec.normalization().config(spec.imageSize());
        // Serve and train with the resize policy the dataset's images were made with.
        return new PreprocessConfig(
                spec.imageSize(),
                spec.imageSize(),
                ResizePolicy.valueOf(manifest.preprocessing().resize()),
                base.mean(),
                base.std());
    }

    private float[][] features(
            TrainingRun run,
            DatasetManifest manifest,
            List<DatasetRecord> records,
            BackboneResolver.Backbone backbone,
            PreprocessConfig preprocessing) {
        return features.of(
                manifest, records, backbone.file(), backbone.sha256(), preprocessing, progress(run, records.size()));
    }

    private ProgressListener progress(TrainingRun run, int total) {
        run.embedding(0, total);
        return new ProgressListener() {
            private int counted;

            @Override
            public void done(int n) {
                run.embedding(n, total);
                metrics.embedded(n - counted);
                counted = n;
            }

            @Override
            public void cached(int n) {
                run.embedding(n, total);
            }

            @Override
            public boolean cancelled() {
                return run.cancelRequested();
            }
        };
    }

    /**
     * Features and label indices of one split. A val/test example whose label the training split
     * never had, where its head has no Other class to take it, is left out (it cannot be scored).
     */
    private record SplitData(float[][] x, Map<String, int[]> y) {
        static SplitData of(Split split, List<DatasetRecord> records, float[][] features, List<LabelSpace> spaces) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                DatasetRecord r = records.get(i);
                if (r.split() == split
                        && spaces.stream().allMatch(s -> s.index(r.labels().get(s.attribute())) >= 0)) {
                    rows.add(i);
                }
            }
            float[][] x = new float[rows.size()][];
            Map<String, int[]> y = new LinkedHashMap<>();
            for (LabelSpace s : spaces) {
                y.put(s.attribute(), new int[rows.size()]);
            }
            for (int j = 0; j < rows.size(); j++) {
                DatasetRecord r = records.get(rows.get(j));
                x[j] = features[rows.get(j)];
                for (LabelSpace s : spaces) {
                    y.get(s.attribute())[j] = s.index(r.labels().get(s.attribute()));
                }
            }
            return new SplitData(x, y);
        }
    }

    private Map<String, Double> evaluate(List<LinearHead> heads, SplitData test, Path evaluationDir) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        try {
            Files.createDirectories(evaluationDir);
            for (LinearHead head : heads) {
                HeadEvaluation e = Evaluator.evaluate(head, test.x(), test.y().get(head.attribute()));
                String a = head.attribute();
                metrics.put(a + ".accuracy", e.accuracy());
                metrics.put(a + ".top5_accuracy", e.top5Accuracy());
                metrics.put(a + ".macro_f1", e.macroF1());
                metrics.put(a + ".ece", e.expectedCalibrationError());
                Files.write(
                        evaluationDir.resolve(a + ".json"),
                        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(e));
                Files.writeString(evaluationDir.resolve(a + "-confusion.html"), ConfusionMatrixHtml.render(e));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return metrics;
    }

    private void writeBundle(
            Path dir,
            TrainingSpec spec,
            DatasetManifest manifest,
            BackboneResolver.Backbone backbone,
            Path backboneFile,
            String backboneSha,
            FineTuneResult tuned,
            PreprocessConfig preprocessing,
            int dim,
            List<LabelSpace> spaces,
            List<LinearHead> heads,
            float[][] trainX,
            Map<String, Double> metrics,
            RunTracker tracker,
            TrainingRun run) {
        try {
            Files.createDirectories(dir);
            if (!backboneFile.equals(dir.resolve("backbone.pt"))) {
                Files.copy(backboneFile, dir.resolve("backbone.pt"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(dir.resolve("reference-stats.json"), datasets.file(manifest, DatasetPaths.REFERENCE_STATS));
            Files.write(
                    dir.resolve(EmbeddingStatistics.FILE),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(EmbeddingStatistics.of(trainX)));
            Files.write(
                    dir.resolve("metrics.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metrics));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<BundleManifest.Head> headSpecs = spaces.stream()
                .map(s -> new BundleManifest.Head(
                        s.attribute(), s.classes(), s.hasOther() ? s.classes().getLast() : null))
                .toList();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("heads", ModelBundle.HEADS_FILE);
        files.put("referenceStatistics", "reference-stats.json");
        files.put("embeddingStatistics", EmbeddingStatistics.FILE);
        files.put("metrics", "metrics.json");
        files.put("evaluation", "evaluation/");
        Map<String, String> lineage = new LinkedHashMap<>(lineageTags(manifest, backbone));
        lineage.put("training.run", run.id());
        lineage.put("training.freeze", spec.freeze().wireName());
        String description = backbone.reference();
        if (tuned != null) {
            lineage.put("backbone.sha256", backboneSha);
            lineage.put("backbone.base_sha256", backbone.sha256());
            lineage.put("training.trainable_blocks", String.join(",", tuned.trainableBlocks()));
            description = backbone.reference() + " fine-tuned (" + spec.freeze().wireName() + ": "
                    + String.join(", ", tuned.trainableBlocks()) + ")";
        }
        if (tracker.run() != null) {
            lineage.put("mlflow.run_id", tracker.run().runId());
        }
        var bundle = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                spec.modelName(),
                Instant.now(),
                new BundleManifest.Backbone("backbone.pt", backboneSha, dim, description),
                ModelBundle.describe(preprocessing),
                headSpecs,
                files,
                lineage,
                metrics);
        ModelBundle.write(dir, bundle, heads, json);
        ModelBundle.read(dir, json); // what we publish must load
    }

    private void register(
            TrainingRun run, RunTracker tracker, Path bundleDir, TrainingSpec spec, Map<String, Double> metrics) {
        Map<String, String> versionTags = new HashMap<>();
        versionTags.put("dataset.version", spec.datasetVersion());
        versionTags.put("training.run", run.id());
        metrics.forEach((k, v) -> versionTags.put("metric." + k, String.valueOf(v)));
        MlflowRetrier.Pending publish = () -> {
            if (!tracker.flush() || tracker.run() == null) {
                return false;
            }
            try {
                ModelVersion v = registrar.publish(tracker.run(), bundleDir, spec.modelName(), versionTags);
                run.registered(v.version(), "REGISTERED");
                return true;
            } catch (MlflowException e) {
                if (e.isUnreachable()) {
                    return false;
                }
                run.registered(null, "FAILED: " + e.getMessage());
                return true;
            }
        };
        if (!publish.retry()) {
            run.registered(null, "PENDING (MLflow unavailable; retrying)");
            retrier.add(publish);
        }
    }

    private static Map<String, String> params(
            TrainingSpec spec, DatasetManifest manifest, BackboneResolver.Backbone backbone) {
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
        p.put("seed", String.valueOf(spec.head().seed()));
        return p;
    }

    private static Map<String, String> lineageTags(DatasetManifest manifest, BackboneResolver.Backbone backbone) {
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

    private static void finishQuietly(RunTracker tracker, String status) {
        try {
            tracker.finish(status);
        } catch (RuntimeException e) {
            log.warn("Could not mark the MLflow run {}: {}", status, e.getMessage());
        }
    }
}
