package io.stylesync.training.loop;

import ai.djl.Device;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * The one epoch loop of training-service, for the heads on cached features and for fine-tuning on images alike:
 * each epoch shuffles the examples of a {@link BatchSource} with the run's seeded {@link Random} (so nothing
 * depends on the engine's global random state), steps the {@link Trainer} on every batch (forward, loss, backward,
 * Adam), runs the {@link Validation}, offers the result to the {@link KeepBest} policy, records the epoch's
 * {@link EpochFigures} in the trainer's DJL metrics and tells the trainer's {@link TrainingListener}s
 * ({@code onTrainingBatch} after every step, {@code onEpoch} after every epoch). A listener stops training by
 * throwing {@link CancellationException} ({@link CancellationListener}); patience stops it through
 * {@link KeepBest}.
 *
 * <p>Native memory: each batch's arrays live in a sub-manager of the model's manager that the {@link Batch} owns
 * and that is closed after the step; only parameters, gradients and the optimiser's state persist.
 */
public final class EpochDriver {

    private EpochDriver() {}

    /**
     * @param epochs most epochs
     * @param order  shuffles the examples before every epoch
     * @throws CancellationException    when cancelled before any epoch finished (there is nothing to keep)
     * @throws IllegalArgumentException when no example has a target
     */
    public static <T> FitResult<T> fit(
            Trainer trainer,
            BatchSource source,
            int epochs,
            Random order,
            Validation<T> validation,
            KeepBest<T> keepBest) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
        }
        int[] examples = source.examples().clone();
        if (examples.length == 0) {
            throw new IllegalArgumentException("no training example has a target for any head");
        }
        if (trainer.getMetrics() == null) {
            trainer.setMetrics(new Metrics());
        }
        List<Double> losses = new ArrayList<>();
        int epoch = 0;
        try {
            while (epoch < epochs) {
                epoch++;
                shuffle(examples, order);
                double lossSum = 0;
                for (int from = 0; from < examples.length; from += source.batchSize()) {
                    int n = Math.min(source.batchSize(), examples.length - from);
                    Batch batch =
                            source.batch(trainer.getModel().getNDManager().newSubManager(), examples, from, n, epoch);
                    try (batch) {
                        lossSum += step(trainer, batch) * n;
                    }
                }
                double trainLoss = lossSum / examples.length;
                losses.add(trainLoss);
                Validation.Scored<T> scored = validation.validate(trainer);
                keepBest.offer(epoch, scored);
                new EpochFigures(epoch, trainLoss, scored.accuracy()).record(trainer.getMetrics());
                trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                if (keepBest.exhausted(epoch)) {
                    break;
                }
            }
        } catch (CancellationException e) {
            if (!keepBest.hasBest()) {
                throw e;
            }
            return new FitResult<>(keepBest.best(), keepBest.bestEpoch(), epoch, true, losses);
        }
        return new FitResult<>(keepBest.best(), keepBest.bestEpoch(), epoch, false, losses);
    }

    /** One optimisation step on a batch; returns the batch's mean loss. */
    private static float step(Trainer trainer, Batch batch) {
        NDList predictions;
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            predictions = trainer.forward(batch.getData());
            NDArray value = trainer.getLoss().evaluate(batch.getLabels(), predictions);
            collector.backward(value);
            loss = value.getFloat();
        }
        trainer.step();
        Device device = trainer.getDevices()[0];
        var data =
                new TrainingListener.BatchData(batch, Map.of(device, batch.getLabels()), Map.of(device, predictions));
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
        return loss;
    }

    /** Fisher-Yates in place. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
