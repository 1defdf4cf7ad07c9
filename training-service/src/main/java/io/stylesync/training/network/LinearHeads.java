package io.stylesync.training.network;

import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import io.stylesync.common.model.LinearHead;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.evaluation.Evaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What both trainers do alike with their heads: join their outputs, copy their weights out, score them. */
final class LinearHeads {

    private LinearHeads() {}

    /** The heads' outputs side by side in one list: the ParallelBlock join of the shared-input network. */
    static NDList concatenate(List<NDList> outputs) {
        NDList all = new NDList(outputs.size());
        for (NDList output : outputs) {
            all.addAll(output);
        }
        return all;
    }

    /**
     * The heads as they stand, as {@link LinearHead}s on raw features: {@code standardisation} (what the layers'
     * inputs were) folded into W and b.
     */
    static List<LinearHead> snapshot(List<Linear> linears, List<LabelSpace> heads, Standardisation standardisation) {
        List<LinearHead> out = new ArrayList<>(heads.size());
        int dim = standardisation.dim();
        for (int h = 0; h < heads.size(); h++) {
            LabelSpace space = heads.get(h);
            float[] w = linears.get(h).getParameters().get("weight").getArray().toFloatArray();
            float[] b = linears.get(h).getParameters().get("bias").getArray().toFloatArray();
            float[][] weight = new float[space.size()][];
            float[] bias = new float[space.size()];
            for (int k = 0; k < space.size(); k++) {
                weight[k] = new float[dim];
                bias[k] = standardisation.fold(w, k * dim, b[k], weight[k]);
            }
            out.add(new LinearHead(space.attribute(), space.classes(), weight, bias));
        }
        return out;
    }

    /**
     * Accuracy of each head on feature rows, scored with {@link LinearHead#probabilities} (the code inference
     * uses), for heads with at least one target ({@code -1} = none) in {@code y}.
     */
    static Map<String, Double> accuracy(List<LinearHead> heads, float[][] rows, Map<String, int[]> y) {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (LinearHead head : heads) {
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
