package io.stylesync.training.run;

import ai.djl.Device;
import ai.djl.training.listener.TrainingListener;
import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.training.backbone.BackboneResolver;
import io.stylesync.training.bundle.BundleContents;
import io.stylesync.training.bundle.BundleWriter;
import io.stylesync.training.calibration.TemperatureScaling;
import io.stylesync.training.config.TrainingProperties;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.dataset.DatasetSource;
import io.stylesync.training.embedding.DatasetEmbeddings;
import io.stylesync.training.embedding.ProgressListener;
import io.stylesync.training.evaluation.EvaluationReport;
import io.stylesync.training.evaluation.Evaluator;
import io.stylesync.training.loop.CancellationListener;
import io.stylesync.training.network.BackboneFineTuner;
import io.stylesync.training.network.FineTuneResult;
import io.stylesync.training.network.HeadTrainer;
import io.stylesync.training.network.TrainingDevice;
import io.stylesync.training.network.TrainingResult;
import io.stylesync.training.search.CaptionRecall;
import io.stylesync.training.search.CaptionedImages;
import io.stylesync.training.search.TextEncoderTrainer;
import io.stylesync.training.search.TextSearchResult;
import io.stylesync.training.tracking.MlflowEpochLogger;
import io.stylesync.training.tracking.RunTracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One training run, phase by phase: dataset version → backbone features (computed once per dataset, backbone and
 * preprocessing, then cached) → one linear head per attribute on the cached features → optionally fine-tuning of
 * backbone and heads on images → evaluation on the test split → model bundle → MLflow artifacts, registered
 * version, alias {@code challenger}. Training stages report through DJL training listeners (run view, Prometheus,
 * MLflow, cancellation); tracking is buffered by the {@link RunTracker}, so MLflow being down never fails a run.
 */
@Component
public class TrainingPipeline {

    private static final Logger log = LoggerFactory.getLogger(TrainingPipeline.class);

    private final DatasetSource datasets;
    private final BackboneResolver backbones;
    private final MlflowClient mlflow;
    private final MlflowProperties mlflowProps;
    private final TrainingProperties props;
    private final DatasetEmbeddings features;
    private final TrainingMetrics metrics;
    private final EvaluationReport evaluation;
    private final BundleWriter bundles;
    private final RunRegistration registration;

    public TrainingPipeline(
            DatasetSource datasets,
            BackboneResolver backbones,
            MlflowClient mlflow,
            MlflowProperties mlflowProps,
            TrainingProperties props,
            DatasetEmbeddings features,
            TrainingMetrics metrics,
            EvaluationReport evaluation,
            BundleWriter bundles,
            RunRegistration registration) {
        this.datasets = datasets;
        this.backbones = backbones;
        this.mlflow = mlflow;
        this.mlflowProps = mlflowProps;
        this.props = props;
        this.features = features;
        this.metrics = metrics;
        this.evaluation = evaluation;
        this.bundles = bundles;
        this.registration = registration;
    }

    /** What the run trains on, resolved once. */
    private record Inputs(
            DatasetManifest manifest,
            List<DatasetRecord> records,
            BackboneResolver.Backbone backbone,
            PreprocessConfig preprocessing,
            List<LabelSpace> spaces) {}

    /** The network the run ships: backbone file and heads, and the features of every record under that backbone. */
    private record Trained(
            Path backboneFile,
            String backboneSha256,
            List<String> tunedBlocks,
            List<ClassifierHead> heads,
            float[][] features,
            int bestEpoch) {}

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
            Inputs in = load(spec, tracker);
            run.phase(RunPhase.FEATURES);
            float[][] frozen =
                    embed(run, in, in.backbone().file(), in.backbone().sha256());
            run.phase(RunPhase.TRAINING);
            Trained trained = trainHeads(run, tracker, in, frozen);
            if (spec.finetunes()) {
                run.phase(RunPhase.FINE_TUNING);
                trained = fineTune(run, tracker, in, trained.heads());
            }
            TextSearchResult text = null;
            if (spec.trainsTextSearch()) {
                run.phase(RunPhase.TRAINING);
                text = trainTextSearch(run, tracker, in, trained.features());
            }
            run.phase(RunPhase.EVALUATING);
            List<ClassifierHead> uncalibrated = trained.heads();
            trained = calibrate(in, trained);
            Path bundleDir = bundleDir(run);
            SplitFeatures test = SplitFeatures.of(Split.TEST, in.records(), trained.features(), in.spaces());
            Map<String, Double> testMetrics = new LinkedHashMap<>(
                    evaluation.write(trained.heads(), test.x(), test.y(), bundleDir.resolve("evaluation")));
            testMetrics.putAll(calibrationMetrics(uncalibrated, trained.heads(), test));
            if (text != null) {
                testMetrics.putAll(textSearchMetrics(in, trained.features(), text));
            }
            run.metrics(testMetrics);
            tracker.metrics(testMetrics, trained.bestEpoch());
            tracker.metrics(Map.of("best_epoch", (double) trained.bestEpoch()), trained.bestEpoch());

            run.phase(RunPhase.REGISTERING);
            bundles.write(bundleDir, contents(run, tracker, in, trained, testMetrics, text));
            registration.register(run, tracker, bundleDir, testMetrics);
            tracker.finish("FINISHED");
            registration.flushLater(tracker);
            outcome = RunState.SUCCEEDED;
            run.end(RunState.SUCCEEDED, null);
        } catch (CancellationException e) {
            outcome = run.stopping() ? RunState.INTERRUPTED : RunState.CANCELLED;
            finishQuietly(tracker, "KILLED");
            run.end(
                    outcome,
                    run.stopping()
                            ? "interrupted: the service stopped before the run finished (" + e.getMessage() + ")"
                            : e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Training run {} failed: {}", run.id(), e.getMessage(), e);
            finishQuietly(tracker, "FAILED");
            run.end(RunState.FAILED, e.getMessage());
        } finally {
            metrics.ended(outcome);
        }
    }

    private Inputs load(TrainingSpec spec, RunTracker tracker) {
        DatasetManifest manifest = datasets.manifest(spec.datasetVersion());
        List<DatasetRecord> records = datasets.records(manifest);
        BackboneResolver.Backbone backbone = backbones.resolve(spec.backbone());
        tracker.params(RunDescription.params(spec, manifest, backbone));
        tracker.tags(RunDescription.lineage(manifest, backbone));
        List<LabelSpace> spaces = new ArrayList<>();
        for (String attribute : spec.targetAttributes()) {
            List<String> trainLabels = records.stream()
                    .filter(r -> r.split() == Split.TRAIN)
                    .map(r -> r.labels().get(attribute))
                    .toList();
            spaces.add(LabelSpace.fit(attribute, trainLabels, spec.maxClassesPerHead(), spec.minClassCount()));
        }
        return new Inputs(manifest, records, backbone, preprocessing(spec, manifest), spaces);
    }

    /** Heads on the frozen backbone's cached features; metrics go to MLflow unprefixed. */
    private Trained trainHeads(TrainingRun run, RunTracker tracker, Inputs in, float[][] frozen) {
        SplitFeatures train = SplitFeatures.of(Split.TRAIN, in.records(), frozen, in.spaces());
        SplitFeatures val = SplitFeatures.of(Split.VAL, in.records(), frozen, in.spaces());
        TrainingResult result = new HeadTrainer()
                .train(
                        train.x(),
                        train.y(),
                        val.x(),
                        val.y(),
                        in.spaces(),
                        run.spec().head(),
                        listeners(run, tracker, "", false));
        if (result.cancelled()) {
            throw new CancellationException("cancelled after epoch " + result.epochsRun());
        }
        return new Trained(
                in.backbone().file(), in.backbone().sha256(), null, result.heads(), frozen, result.bestEpoch());
    }

    /**
     * Backbone and heads together on the training images (augmented), starting from the heads trained on the
     * frozen features; per-epoch metrics go to MLflow as {@code finetune.*}. The tuned backbone's features are then
     * computed (and cached under its own SHA-256, so evaluations of this bundle reuse them).
     */
    private Trained fineTune(TrainingRun run, RunTracker tracker, Inputs in, List<ClassifierHead> probe) {
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(in.preprocessing(), new ImageDecoder(DecodeLimits.defaults()));
        SplitImages train =
                SplitImages.of(Split.TRAIN, in.records(), in.spaces(), in.manifest(), datasets, preprocessor);
        SplitImages val = SplitImages.of(Split.VAL, in.records(), in.spaces(), in.manifest(), datasets, preprocessor);
        Device device = TrainingDevice.choose();
        tracker.params(Map.of("finetune.device", device.toString()));
        FineTuneResult tuned = new BackboneFineTuner()
                .train(
                        in.backbone().file(),
                        train,
                        train.y(),
                        val,
                        val.y(),
                        in.spaces(),
                        probe,
                        preprocessor,
                        run.spec().fineTune(),
                        device,
                        bundleDir(run).resolve("backbone.pt"),
                        listeners(run, tracker, "finetune.", true));
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
        String sha = ModelBundle.sha256(tuned.backbone());
        run.phase(RunPhase.FEATURES);
        float[][] tunedFeatures = embed(run, in, tuned.backbone(), sha);
        return new Trained(
                tuned.backbone(), sha, tuned.trainableBlocks(), tuned.heads(), tunedFeatures, tuned.bestEpoch());
    }

    /**
     * The text encoder of text search on the shipped backbone's features (locked-image tuning: the features stay
     * as they are), on captions of the records' labels and text (display names, where the version has them);
     * per-epoch loss and validation recall go to MLflow as {@code text.*}.
     */
    private TextSearchResult trainTextSearch(TrainingRun run, RunTracker tracker, Inputs in, float[][] features) {
        TextSearchResult result = new TextEncoderTrainer()
                .train(
                        CaptionedImages.forTraining(Split.TRAIN, in.records(), features),
                        CaptionedImages.of(Split.VAL, in.records(), features),
                        run.spec().textSearch(),
                        listeners(run, tracker, "text.", false));
        if (result.cancelled()) {
            throw new CancellationException("cancelled during text-search epoch " + result.epochsRun());
        }
        return result;
    }

    /** {@code text.recall_at_k}: test-split captions against the test split's images; the temperature, best epoch. */
    private static Map<String, Double> textSearchMetrics(Inputs in, float[][] features, TextSearchResult text) {
        Map<String, Double> m = new LinkedHashMap<>();
        CaptionRecall.of(text.encoder(), CaptionedImages.of(Split.TEST, in.records(), features))
                .forEach((name, value) -> m.put("text." + name, value));
        m.put("text.temperature", text.temperature());
        m.put("text.best_epoch", (double) text.bestEpoch());
        return m;
    }

    /** Each head's temperature, fitted on the validation split's features (see {@link TemperatureScaling}). */
    private static Trained calibrate(Inputs in, Trained trained) {
        SplitFeatures val = SplitFeatures.of(Split.VAL, in.records(), trained.features(), in.spaces());
        List<ClassifierHead> calibrated = trained.heads().stream()
                .map(h -> h.withTemperature(
                        TemperatureScaling.fit(h, val.x(), val.y().get(h.attribute()))))
                .toList();
        return new Trained(
                trained.backboneFile(),
                trained.backboneSha256(),
                trained.tunedBlocks(),
                calibrated,
                trained.features(),
                trained.bestEpoch());
    }

    /** {@code <head>.temperature} and {@code <head>.ece_uncalibrated}: the test split's ECE before scaling. */
    private static Map<String, Double> calibrationMetrics(
            List<ClassifierHead> uncalibrated, List<ClassifierHead> calibrated, SplitFeatures test) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int h = 0; h < calibrated.size(); h++) {
            ClassifierHead before = uncalibrated.get(h);
            String a = before.attribute();
            m.put(a + ".temperature", calibrated.get(h).temperature());
            m.put(
                    a + ".ece_uncalibrated",
                    Evaluator.evaluate(before, test.x(), test.y().get(a)).expectedCalibrationError());
        }
        return m;
    }

    /** A training stage's listeners: run view, Prometheus meters, MLflow, cancellation. */
    private TrainingListener[] listeners(TrainingRun run, RunTracker tracker, String prefix, boolean images) {
        return new TrainingListener[] {
            new RunProgressListener(run, prefix),
            metrics.listener(images),
            new MlflowEpochLogger(tracker, prefix),
            new CancellationListener(run::cancelRequested)
        };
    }

    private BundleContents contents(
            TrainingRun run,
            RunTracker tracker,
            Inputs in,
            Trained trained,
            Map<String, Double> testMetrics,
            TextSearchResult text) {
        TrainingSpec spec = run.spec();
        Map<String, String> lineage = new LinkedHashMap<>(RunDescription.lineage(in.manifest(), in.backbone()));
        lineage.put("training.run", run.id());
        lineage.put("training.freeze", spec.freeze().wireName());
        String description = in.backbone().reference();
        if (trained.tunedBlocks() != null) {
            lineage.put("backbone.sha256", trained.backboneSha256());
            lineage.put("backbone.base_sha256", in.backbone().sha256());
            lineage.put("training.trainable_blocks", String.join(",", trained.tunedBlocks()));
            description = in.backbone().reference() + " fine-tuned ("
                    + spec.freeze().wireName() + ": " + String.join(", ", trained.tunedBlocks()) + ")";
        }
        if (tracker.run() != null) {
            lineage.put("mlflow.run_id", tracker.run().runId());
        }
        return new BundleContents(
                spec.modelName(),
                trained.backboneFile(),
                trained.backboneSha256(),
                description,
                in.preprocessing(),
                in.spaces(),
                trained.heads(),
                SplitFeatures.of(Split.TRAIN, in.records(), trained.features(), in.spaces())
                        .x(),
                datasets.file(in.manifest(), DatasetPaths.REFERENCE_STATS),
                testMetrics,
                lineage,
                text == null ? null : text.encoder(),
                text == null ? null : text.temperature());
    }

    private Path bundleDir(TrainingRun run) {
        return props.workDir().resolve("bundles").resolve(run.id());
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

    private float[][] embed(TrainingRun run, Inputs in, Path backbone, String sha256) {
        return features.of(
                in.manifest(),
                in.records(),
                backbone,
                sha256,
                in.preprocessing(),
                progress(run, in.records().size()));
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

    private static void finishQuietly(RunTracker tracker, String status) {
        try {
            tracker.finish(status);
        } catch (RuntimeException e) {
            log.warn("Could not mark the MLflow run {}: {}", status, e.getMessage());
        }
    }
}
