package io.stylesync.training.loop;

import ai.djl.training.Trainer;
import java.util.Map;

/**
 * Scores the network as it stands after an epoch. Batches it forwards are announced to the trainer's listeners
 * with {@code onValidationBatch}.
 *
 * @param <T> what is kept of the best epoch (e.g. the heads' weights)
 */
@FunctionalInterface
public interface Validation<T> {

    Scored<T> validate(Trainer trainer);

    /**
     * @param snapshot what this epoch would leave if it were the best
     * @param accuracy validation accuracy by head, for heads with validation targets (empty without a validation set)
     */
    record Scored<T>(T snapshot, Map<String, Double> accuracy) {

        public Scored {
            accuracy = Map.copyOf(accuracy);
        }
    }
}
