package io.stylesync.training.api;

import io.stylesync.common.model.BundleManifest;
import io.stylesync.training.evaluation.ModelEvaluations;
import io.stylesync.training.promotion.Promoter;
import io.stylesync.training.promotion.PromotionRequest;
import io.stylesync.training.promotion.PromotionResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Registered model versions: their bundles and promotion")
class ModelController {

    private final Promoter promoter;
    private final ModelEvaluations evaluations;

    ModelController(Promoter promoter, ModelEvaluations evaluations) {
        this.promoter = promoter;
        this.evaluations = evaluations;
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(
            summary = "A version's bundle manifest (by number or alias): preprocessing, heads and temperatures, "
                    + "metrics, lineage")
    BundleManifest manifest(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}", message = "must be a model name")
                    String name,
            @PathVariable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a version number or an alias")
                    String version) {
        return evaluations.manifest(name, version);
    }

    @PostMapping("/{name}/promote")
    @Operation(summary = "Move alias 'champion' to a version if it beats the current champion (or with force)")
    PromotionResult promote(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}", message = "must be a model name")
                    String name,
            @Valid @RequestBody PromotionRequest request) {
        return promoter.promote(name, request);
    }
}
