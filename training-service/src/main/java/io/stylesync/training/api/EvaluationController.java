package io.stylesync.training.api;

import io.stylesync.common.dataset.Split;
import io.stylesync.training.evaluation.ModelEvaluations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/evaluations")
@Tag(name = "Evaluations", description = "Score a registered model version on a dataset version")
class EvaluationController {

    private final ModelEvaluations evaluations;

    EvaluationController(ModelEvaluations evaluations) {
        this.evaluations = evaluations;
    }

    record EvaluationRequest(
            @Schema(example = "stylesync-fashion") @NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
            String model,

            @Schema(example = "champion", description = "a version number or an alias")
            @NotNull
            @Pattern(regexp = "[A-Za-z0-9_-]{1,64}")
            String version,

            @Schema(example = "v0123456789abcdef")
            @NotNull
            @Pattern(regexp = "v[0-9a-f]{16}", message = "must look like v0123456789abcdef")
            String datasetVersion,

            @Schema(description = "train, val, test (default) or all") @Pattern(regexp = "train|val|test|all")
            String split) {}

    @PostMapping
    @Operation(summary = "Per-head accuracy, top-5, macro-F1, per-class precision/recall, confusion matrix and ECE")
    ModelEvaluations.Result evaluate(@Valid @RequestBody EvaluationRequest r) {
        String split = r.split() == null ? "test" : r.split();
        return evaluations.evaluate(
                r.model(),
                r.version(),
                r.datasetVersion(),
                split.equals("all") ? null : Split.valueOf(split.toUpperCase(Locale.ROOT)));
    }
}
