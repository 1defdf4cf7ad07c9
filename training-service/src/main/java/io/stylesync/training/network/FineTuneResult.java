package io.stylesync.training.network;

import io.stylesync.common.model.ClassifierHead;
import java.nio.file.Path;
import java.util.List;

/**
 * @param backbone        the best epoch's backbone, saved as TorchScript (loads like the original)
 * @param heads           the best epoch's heads, on raw backbone outputs
 * @param trainableBlocks the backbone blocks that were trained
 * @param trainedParameters number of backbone parameter tensors trained
 * @param reloadDifference largest absolute difference between the saved file's outputs (loaded as inference loads it)
 *                         and the trained network's, on a few images
 */
public record FineTuneResult(
        Path backbone,
        List<ClassifierHead> heads,
        int bestEpoch,
        int epochsRun,
        boolean cancelled,
        List<Double> trainLoss,
        List<String> trainableBlocks,
        int trainedParameters,
        double reloadDifference) {

    public FineTuneResult {
        heads = List.copyOf(heads);
        trainLoss = List.copyOf(trainLoss);
        trainableBlocks = List.copyOf(trainableBlocks);
    }
}
