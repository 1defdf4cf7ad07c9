package io.stylesync.training.network;

import ai.djl.ndarray.NDList;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.training.evaluation.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What both trainers do alike with their heads: join their outputs, copy their weights out, score them. */
final class Heads {

    private Heads() {}

    /** The heads' outputs side by side in one list: the ParallelBlock join of the shared-input network. */
    static NDList concatenate(List<NDList> outputs) {
        NDList all = new NDList(outputs.size());
        for (NDList output : outputs) {
            all.addAll(output);
        }
        return all;
    }

    /** Every head as it stands ({@link HeadLayers#snapshot}). */
    static List<ClassifierHead> snapshot(List<HeadLayers> layers, Standardisation standardisation) {
        List<ClassifierHead> out = new ArrayList<>(layers.size());
        for (HeadLayers head : layers) {
            out.add(head.snapshot(standardisation));
        }
        return out;
    }

    /**
     * Accuracy of each head on feature rows, scored with {@link ClassifierHead#probabilities} (the code inference
     * uses), for heads with at least one target ({@code -1} = none) in {@code y}.
     */
    static Map<String, Double> accuracy(List<ClassifierHead> heads, float[][] rows, Map<String, int[]> y) {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (ClassifierHead head : heads) {
            int[] targets = y.get(head.attribute());
            long correct = 0;
            long count = 0;
            for (int i = 0; i < rows.length; i++) {
                if (targets[i] < 0) {
                    continue;
                }
                count++;
                if (Evaluator.argmax(head.probabilities(rows[i])) == targets[i]) {
                    correct++;
                }
            }
            if (count > 0) {
                accuracy.put(head.attribute(), (double) correct / count);
            }
        }
        return accuracy;
    }
}
