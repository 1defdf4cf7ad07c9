package io.stylesync.training.api;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.training.config.TrainingProperties;
import io.stylesync.training.network.HeadTrainingConfig;
import io.stylesync.training.run.TrainingRun;
import io.stylesync.training.run.TrainingRunView;
import io.stylesync.training.run.TrainingRuns;
import io.stylesync.training.run.TrainingSpec;
import io.stylesync.training.dataset.DatasetSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
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

    TrainingRunController(TrainingRuns runs, DatasetSource datasets, TrainingProperties props, MlflowProperties mlflow) {
        this.runs = runs;
        this.datasets = datasets;
        this.props = props;
        this.mlflow = mlflow;
    }

    @PostMapping
    @Operation(summary = "Start a training run", description = "Returns 202; poll /api/v1/training-runs/{id}.")
    ResponseEntity<TrainingRunView> start(@Valid @RequestBody TrainingRequest r) {
        if (r.freeze() != null && !r.freeze().equals("frozen")) {
            throw ProblemException.unprocessable("not-implemented", "freeze policy '" + r.freeze()
                    + "' is not implemented yet; only 'frozen' (heads on cached backbone features)").with("field", "freeze");
        }
        var manifest = datasets.manifest(r.datasetVersion());
        List<String> attributes = r.targetAttributes() != null ? List.copyOf(r.targetAttributes()) : manifest.targetAttributes();
        List<String> unknown = attributes.stream().filter(a -> !manifest.targetAttributes().contains(a)).toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("attribute-not-in-dataset", "dataset " + r.datasetVersion() + " has no labels for "
                    + unknown + "; it has " + manifest.targetAttributes()).with("field", "targetAttributes");
        }
        HeadTrainingConfig d = HeadTrainingConfig.defaults();
        HeadTrainingConfig head = new HeadTrainingConfig(
                r.epochs() != null ? r.epochs() : d.epochs(),
                r.batchSize() != null ? r.batchSize() : d.batchSize(),
                r.learningRate() != null ? r.learningRate() : d.learningRate(),
                r.weightDecay() != null ? r.weightDecay() : d.weightDecay(),
                r.earlyStoppingPatience() != null ? r.earlyStoppingPatience() : d.earlyStoppingPatience(),
                r.classWeights() != null ? r.classWeights() : d.classWeights(),
                r.seed() != null ? r.seed() : d.seed());
        TrainingSpec spec = new TrainingSpec(r.datasetVersion(), attributes,
                r.backbone() != null ? r.backbone() : props.defaultBackbone(),
                r.normalization() != null ? r.normalization() : "mobilenet",
                r.imageSize() != null ? r.imageSize() : 224,
                r.maxClassesPerHead() != null ? r.maxClassesPerHead() : 20,
                r.minClassCount() != null ? r.minClassCount() : 10,
                head,
                r.modelName() != null ? r.modelName() : mlflow.modelName());
        TrainingRun run = runs.submit(spec);
        return ResponseEntity.accepted().location(URI.create("/api/v1/training-runs/" + run.id())).body(run.view());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Phase, epoch, loss, metrics so far, ETA, MLflow run and model version")
    TrainingRunView get(@PathVariable String id) {
        return runs.get(id).map(TrainingRun::view).orElseThrow(() -> ProblemException.notFound("no training run " + id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running run (it stops after the current batch or epoch)")
    ResponseEntity<TrainingRunView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(runs.cancel(id).view());
    }

    @GetMapping
    @Operation(summary = "Runs of this service instance, newest first (MLflow keeps the full history)")
    List<TrainingRunView> list() {
        return runs.list().stream().map(TrainingRun::view).toList();
    }
}
