package io.stylesync.training.loop;

import ai.djl.metric.Metric;
import ai.djl.metric.Metrics;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The figures of one finished epoch. {@link EpochDriver} records them in the trainer's DJL {@link Metrics} (names
 * {@code epoch}, {@code train_loss}, {@code val.<head>.accuracy}) before it calls the listeners' {@code onEpoch};
 * a listener reads them back with {@link #of(Trainer)}.
 *
 * @param epoch       1-based
 * @param trainLoss   mean training loss of the epoch (summed over heads)
 * @param valAccuracy validation accuracy by head, for heads with validation targets
 */
public record EpochFigures(int epoch, double trainLoss, Map<String, Double> valAccuracy) {

    private static final String EPOCH = "epoch";
    private static final String TRAIN_LOSS = "train_loss";
    private static final String VAL = "val.";
    private static final String ACCURACY = ".accuracy";

    public EpochFigures {
        valAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(valAccuracy));
    }

    /** The latest epoch's figures recorded in {@code trainer}'s metrics. */
    public static EpochFigures of(Trainer trainer) {
        Metrics metrics = trainer.getMetrics();
        if (metrics == null || !metrics.hasMetric(EPOCH)) {
            throw new IllegalStateException("no epoch has been recorded on this trainer");
        }
        int epoch = metrics.latestMetric(EPOCH).getValue().intValue();
        Map<String, Double> accuracy = new TreeMap<>();
        for (String name : metrics.getMetricNames()) {
            if (name.startsWith(VAL) && name.endsWith(ACCURACY)) {
                Metric latest = metrics.latestMetric(name);
                // a head is recorded every epoch or never; the count guards against another writer
                if (metrics.getMetric(name).size() == metrics.getMetric(EPOCH).size()) {
                    accuracy.put(name.substring(VAL.length(), name.length() - ACCURACY.length()), latest.getValue());
                }
            }
        }
        return new EpochFigures(epoch, metrics.latestMetric(TRAIN_LOSS).getValue(), accuracy);
    }

    /** A listener that hands each finished epoch's figures to {@code consumer}. */
    public static TrainingListener listener(Consumer<EpochFigures> consumer) {
        return new TrainingListenerAdapter() {
            @Override
            public void onEpoch(Trainer trainer) {
                consumer.accept(of(trainer));
            }
        };
    }

    /** {@code <prefix>train_loss} and {@code <prefix>val.<head>.accuracy}: the names MLflow and the run view use. */
    public Map<String, Double> named(String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + TRAIN_LOSS, trainLoss);
        valAccuracy.forEach((head, value) -> m.put(prefix + VAL + head + ACCURACY, value));
        return m;
    }

    void record(Metrics metrics) {
        metrics.addMetric(EPOCH, epoch);
        metrics.addMetric(TRAIN_LOSS, trainLoss);
        valAccuracy.forEach((head, value) -> metrics.addMetric(VAL + head + ACCURACY, value));
    }
}
