package io.stylesync.training.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * CLIP's contrastive loss over in-batch negatives: the logits' diagonal pairs each caption with its own image;
 * the loss is the mean of the cross-entropy of each row (caption → which image) and each column (image → which
 * caption). The labels are implied by the diagonal and ignored.
 */
final class SymmetricInfoNce extends Loss {

    SymmetricInfoNce() {
        super("symmetric_info_nce");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        long n = logits.getShape().get(0);
        NDArray diagonal = logits.getManager().eye((int) n);
        NDArray rows = logits.logSoftmax(1).mul(diagonal).sum().neg();
        NDArray columns = logits.logSoftmax(0).mul(diagonal).sum().neg();
        return rows.add(columns).div(2f * n);
    }
}
