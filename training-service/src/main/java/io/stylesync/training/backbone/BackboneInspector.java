package io.stylesync.training.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.stylesync.training.network.BackboneBlocks;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** A backbone's blocks from its parameter names, read once per backbone SHA-256 (so a request can be checked up front). */
@Component
public class BackboneInspector {

    private final Map<String, BackboneBlocks> bySha = new ConcurrentHashMap<>();

    public BackboneBlocks blocks(BackboneResolver.Backbone backbone) {
        return bySha.computeIfAbsent(backbone.sha256(), sha -> new BackboneBlocks(parameterNames(backbone)));
    }

    private static List<String> parameterNames(BackboneResolver.Backbone backbone) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(backbone.file())
                .optEngine("PyTorch")
                .optTranslator(new NoopTranslator())
                .optOption("trainParam", "false")
                .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel()) {
            return List.copyOf(model.getBlock().getParameters().keys());
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot load " + backbone.reference() + " as TorchScript: " + e.getMessage(), e);
        }
    }
}
