package io.stylesync.training.api;

import io.stylesync.training.promotion.Promoter;
import io.stylesync.training.promotion.PromotionRequest;
import io.stylesync.training.promotion.PromotionResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Promotion of registered model versions")
class ModelController {

    private final Promoter promoter;

    ModelController(Promoter promoter) {
        this.promoter = promoter;
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
