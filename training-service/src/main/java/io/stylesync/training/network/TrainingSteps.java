package io.stylesync.training.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.List;
import java.util.Random;

/** What both trainers do alike: the gradient step, the shuffled visiting order, the predicted class, one list of outputs. */
final class TrainingSteps {

    private TrainingSteps() {}

    /** One optimisation step on a batch: forward, loss, backward, update; returns the batch's mean loss. */
    static float step(Trainer trainer, NDList inputs, NDList labels) {
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(inputs);
            NDArray value = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(value);
            loss = value.getFloat();
        }
        trainer.step();
        return loss;
    }

    /** The heads' outputs side by side in one list: the ParallelBlock join of the shared-backbone network. */
    static NDList concatenate(List<NDList> outputs) {
        NDList all = new NDList(outputs.size());
        for (NDList output : outputs) {
            all.addAll(output);
        }
        return all;
    }

    /** Fisher-Yates in place, driven by the run's seeded random. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Index of the largest value; the lowest index wins ties. */
    static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
