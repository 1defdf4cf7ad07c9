package io.stylesync.training.api;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.image.Normalization;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.training.augment.Augmentation;
import io.stylesync.training.backbone.BackboneInspector;
import io.stylesync.training.backbone.BackboneResolver;
import io.stylesync.training.config.TrainingProperties;
import io.stylesync.training.dataset.DatasetSource;
import io.stylesync.training.network.FineTuneConfig;
import io.stylesync.training.network.FreezePolicy;
import io.stylesync.training.network.HeadTrainingConfig;
import io.stylesync.training.run.TrainingRun;
import io.stylesync.training.run.TrainingRunView;
import io.stylesync.training.run.TrainingRuns;
import io.stylesync.training.run.TrainingSpec;
import io.stylesync.training.search.TextSearchConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/training-runs")
@Tag(name = "Training runs", description = "Transfer learning on a dataset version, tracked and registered in MLflow")
class TrainingRunController {

    private final TrainingRuns runs;
    private final DatasetSource datasets;
    private final TrainingProperties props;
    private final MlflowProperties mlflow;
    private final BackboneResolver backbones;
    private final BackboneInspector inspector;

    TrainingRunController(
            TrainingRuns runs,
            DatasetSource datasets,
            TrainingProperties props,
            MlflowProperties mlflow,
            BackboneResolver backbones,
            BackboneInspector inspector) {
        this.runs = runs;
        this.backbones = backbones;
        this.inspector = inspector;
        this.datasets = datasets;
        this.props = props;
        this.mlflow = mlflow;
    }

    @PostMapping
    @Operation(summary = "Start a training run", description = "Returns 202; poll /api/v1/training-runs/{id}.")
    ResponseEntity<TrainingRunView> start(@Valid @RequestBody TrainingRequest r) {
        var manifest = datasets.manifest(r.datasetVersion());
        List<String> attributes =
                r.targetAttributes() != null ? List.copyOf(r.targetAttributes()) : manifest.targetAttributes();
        List<String> unknown = attributes.stream()
                .filter(a -> !manifest.targetAttributes().contains(a))
                .toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable(
                            "attribute-not-in-dataset",
                            "dataset " + r.datasetVersion() + " has no labels for " + unknown + "; it has "
                                    + manifest.targetAttributes())
                    .with("field", "targetAttributes");
        }
        HeadTrainingConfig d = HeadTrainingConfig.defaults();
        HeadTrainingConfig head = new HeadTrainingConfig(
                r.epochs() != null ? r.epochs() : d.epochs(),
                r.batchSize() != null ? r.batchSize() : d.batchSize(),
                r.learningRate() != null ? r.learningRate() : d.learningRate(),
                r.weightDecay() != null ? r.weightDecay() : d.weightDecay(),
                r.earlyStoppingPatience() != null ? r.earlyStoppingPatience() : d.earlyStoppingPatience(),
                r.classWeights() != null ? r.classWeights() : d.classWeights(),
                r.hiddenUnits() != null ? r.hiddenUnits() : d.hiddenUnits(),
                r.seed() != null ? r.seed() : d.seed());
        String backbone = r.backbone() != null ? r.backbone() : props.defaultBackbone();
        backbones.resolve(backbone); // a missing or unusable backbone is the request's fault: refused now, not later
        FineTuneConfig fineTune = fineTune(r, head, backbone);
        TrainingSpec spec = new TrainingSpec(
                r.datasetVersion(),
                attributes,
                backbone,
                r.normalization() != null ? r.normalization() : Normalization.MOBILENET,
                r.imageSize() != null ? r.imageSize() : PreprocessConfig.DEFAULT_SIZE,
                r.maxClassesPerHead() != null ? r.maxClassesPerHead() : TrainingSpec.DEFAULT_MAX_CLASSES_PER_HEAD,
                r.minClassCount() != null ? r.minClassCount() : TrainingSpec.DEFAULT_MIN_CLASS_COUNT,
                head,
                fineTune,
                r.modelName() != null ? r.modelName() : mlflow.modelName(),
                Boolean.TRUE.equals(r.textSearch())
                        ? TextSearchConfig.defaults().withSeed(head.seed())
                        : null);
        TrainingRun run = runs.submit(spec);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/training-runs/" + run.id()))
                .body(run.view());
    }

    /**
     * The fine-tuning settings, or {@code null} for a frozen backbone. Settings that only mean something when the
     * backbone trains are refused on a frozen run rather than ignored, and a freeze policy the backbone cannot
     * follow (more blocks than it has, weights stored as constants) is refused before the run is queued.
     */
    private FineTuneConfig fineTune(TrainingRequest r, HeadTrainingConfig head, String backboneReference) {
        FreezePolicy.Kind freeze = r.freeze() == null ? FreezePolicy.Kind.FROZEN : r.freeze();
        if (freeze == FreezePolicy.Kind.FROZEN) {
            List<String> given = new ArrayList<>();
            if (r.augmentation() != null) {
                given.add("augmentation");
            }
            if (r.learningRates() != null) {
                given.add("learningRates");
            }
            if (r.fineTuneEpochs() != null) {
                given.add("fineTuneEpochs");
            }
            if (r.fineTuneBatchSize() != null) {
                given.add("fineTuneBatchSize");
            }
            if (r.trainableBlocks() != null) {
                given.add("trainableBlocks");
            }
            if (!given.isEmpty()) {
                throw ProblemException.unprocessable(
                                "fine-tuning-only",
                                given + " only apply when the backbone is fine-tuned "
                                        + "(freeze last-n or full); a frozen backbone's heads train on cached features computed once, without "
                                        + "augmentation")
                        .with("field", given.getFirst());
            }
            return null;
        }
        if (r.trainableBlocks() != null && freeze != FreezePolicy.Kind.LAST_N) {
            throw ProblemException.unprocessable("fine-tuning-only", "trainableBlocks only applies to freeze last-n")
                    .with("field", "trainableBlocks");
        }
        FreezePolicy policy = freeze == FreezePolicy.Kind.FULL
                ? FreezePolicy.full()
                : FreezePolicy.lastBlocks(r.trainableBlocks() != null ? r.trainableBlocks() : 1);
        BackboneResolver.Backbone backbone = backbones.resolve(backboneReference);
        try {
            inspector.blocks(backbone).trainable(policy);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable(
                            "freeze-not-possible",
                            "cannot apply freeze " + freeze.wireName() + " to " + backbone.reference() + ": "
                                    + e.getMessage())
                    .with("field", policy.kind() == FreezePolicy.Kind.LAST_N ? "trainableBlocks" : "freeze");
        }
        TrainingRequest.LearningRates lr = r.learningRates();
        TrainingRequest.AugmentationRequest a = r.augmentation();
        Augmentation augmentation = a == null
                ? new Augmentation(true, 0.8f, 0.2f)
                : new Augmentation(
                        Boolean.TRUE.equals(a.horizontalFlip()),
                        a.minCropScale() != null ? a.minCropScale() : 1f,
                        a.colourJitter() != null ? a.colourJitter() : 0f);
        return new FineTuneConfig(
                policy,
                r.fineTuneEpochs() != null ? r.fineTuneEpochs() : 3,
                r.fineTuneBatchSize() != null ? r.fineTuneBatchSize() : 16,
                lr != null && lr.heads() != null ? lr.heads() : 1e-4f,
                lr != null && lr.backbone() != null ? lr.backbone() : 1e-5f,
                head.weightDecay(),
                head.earlyStoppingPatience(),
                head.classWeights(),
                head.seed(),
                augmentation);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Phase, epoch, loss, metrics so far, ETA, MLflow run and model version")
    TrainingRunView get(@PathVariable String id) {
        return runs.get(id).orElseThrow(() -> ProblemException.notFound("no training run " + id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running run (it stops after the current batch or epoch)")
    ResponseEntity<TrainingRunView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(runs.cancel(id));
    }

    @GetMapping
    @Operation(
            summary = "Runs of every instance, newest first (kept in S3 across restarts; MLflow keeps their metrics)")
    List<TrainingRunView> list() {
        return runs.list();
    }
}
