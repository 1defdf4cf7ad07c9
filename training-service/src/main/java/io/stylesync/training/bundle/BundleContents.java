package io.stylesync.training.bundle;

import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.search.TextEncoder;
import io.stylesync.training.data.LabelSpace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a trained model's bundle holds, as the run leaves it; {@link BundleWriter} lays it out on disk.
 *
 * @param name                the registered model's name
 * @param backboneFile        the TorchScript backbone to ship (the fine-tuned one, or the frozen one as it came)
 * @param backboneSha256      its SHA-256
 * @param backboneDescription what it is, for people (reference, and what was fine-tuned)
 * @param preprocessing       what training fed the backbone, and serving must
 * @param labelSpaces         one per head, in head order
 * @param heads               the heads' weights on raw backbone features, in the same order
 * @param trainFeatures       the training split's features, summarised into the embedding statistics monitoring uses
 * @param referenceStatistics the dataset version's image statistics (ingest's reference-stats.json)
 * @param metrics             test-split metrics, {@code <head>.<metric>}
 * @param lineage             dataset, backbone, run, code and engine versions
 * @param textEncoder         the text side of text search, or {@code null} when the run trained none
 * @param textTemperature     its contrastive loss's learned temperature (with {@code textEncoder})
 */
public record BundleContents(
        String name,
        Path backboneFile,
        String backboneSha256,
        String backboneDescription,
        PreprocessConfig preprocessing,
        List<LabelSpace> labelSpaces,
        List<ClassifierHead> heads,
        float[][] trainFeatures,
        byte[] referenceStatistics,
        Map<String, Double> metrics,
        Map<String, String> lineage,
        TextEncoder textEncoder,
        Double textTemperature) {

    public BundleContents {
        labelSpaces = List.copyOf(labelSpaces);
        heads = List.copyOf(heads);
        metrics = Map.copyOf(metrics);
        lineage = Map.copyOf(lineage);
        if (labelSpaces.size() != heads.size()) {
            throw new IllegalArgumentException(labelSpaces.size() + " label spaces for " + heads.size() + " heads");
        }
    }

    public int featureDim() {
        return heads.getFirst().featureDim();
    }
}
