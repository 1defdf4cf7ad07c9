package io.stylesync.training.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Sum over heads of softmax cross-entropy, each head's loss a weighted mean over the batch. The label of
 * head h is a {@code B x C} matrix holding {@code w_i / sum(w)} at example i's class and 0 elsewhere, so
 * {@code -sum(logSoftmax(z) * label)} is {@code sum_i w_i * CE_i / sum_i w_i}, as PyTorch's weighted
 * CrossEntropyLoss; examples without a target have an all-zero row and add nothing.
 */
final class WeightedSoftmaxCrossEntropy extends Loss {

    WeightedSoftmaxCrossEntropy() {
        super("WeightedSoftmaxCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray total = null;
        for (int h = 0; h < predictions.size(); h++) {
            NDArray head =
                    predictions.get(h).logSoftmax(1).mul(labels.get(h)).sum().neg();
            total = total == null ? head : total.add(head);
        }
        return total;
    }
}
