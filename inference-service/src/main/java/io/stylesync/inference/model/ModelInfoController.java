package io.stylesync.inference.model;

import io.stylesync.common.model.ClassifierHead;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Model", description = "What is being served")
public class ModelInfoController {

    /** The served champion: version, heads, preprocessing fingerprint and lineage (dataset version, MLflow run). */
    public record ModelInfo(
            String name,
            String version,
            String device,
            String engine,
            Instant loadedAt,
            List<String> heads,
            Map<String, List<String>> classes,
            String preprocessing,
            Map<String, String> lineage,
            String challengerVersion) {}

    private final ModelSlots slots;

    public ModelInfoController(ModelSlots slots) {
        this.slots = slots;
    }

    @Operation(summary = "The model version being served")
    @GetMapping("/api/v1/model")
    public ModelInfo model() {
        ServingModel m = slots.current(ModelRole.CHAMPION)
                .orElseThrow(() -> new ModelNotReadyException("no model is loaded yet"));
        Map<String, List<String>> classes = new java.util.LinkedHashMap<>();
        m.heads().forEach(h -> classes.put(h.attribute(), h.classes()));
        return new ModelInfo(
                m.name(),
                m.version(),
                m.device(),
                m.engine().id(),
                m.loadedAt(),
                m.heads().stream().map(ClassifierHead::attribute).toList(),
                classes,
                m.bundle().manifest().preprocessing().fingerprint(),
                m.bundle().manifest().lineage(),
                slots.current(ModelRole.CHALLENGER).map(ServingModel::version).orElse(null));
    }
}
