package io.stylesync.training.run;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.training.loop.EpochFigures;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Training meters, named as docs/contracts.md fixes them for Prometheus: {@code stylesync_training_runs_total{outcome}},
 * {@code stylesync_training_runs_active}, {@code stylesync_training_epoch} (epoch of the running run's current
 * training stage, 0 when none runs) and {@code stylesync_training_images_embedded_total} (images the backbone
 * actually forwarded: feature extraction, fine-tuning steps and their validation; cache hits do not count).
 */
@Component
public class TrainingMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger epoch = new AtomicInteger();
    private final Counter embedded;

    public TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("stylesync.training.runs.active", active, AtomicInteger::get)
                .description("training runs running now")
                .register(registry);
        Gauge.builder("stylesync.training.epoch", epoch, AtomicInteger::get)
                .description("current epoch of the running training run (0 when none)")
                .register(registry);
        embedded = Counter.builder("stylesync.training.images.embedded")
                .description("images forwarded through a backbone")
                .register(registry);
        for (RunState outcome :
                new RunState[] {RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED, RunState.INTERRUPTED}) {
            outcomes(outcome);
        }
    }

    void started() {
        active.incrementAndGet();
        epoch.set(0);
    }

    void ended(RunState outcome) {
        active.decrementAndGet();
        epoch.set(0);
        outcomes(outcome).increment();
    }

    void epoch(int e) {
        epoch.set(e);
    }

    void embedded(long images) {
        if (images > 0) {
            embedded.increment(images);
        }
    }

    /**
     * The meters' training listener: the epoch gauge after every epoch and, when {@code imagesForwarded} (batches
     * are images through the backbone, not cached features), every training and validation batch's images.
     */
    TrainingListener listener(boolean imagesForwarded) {
        return new TrainingListenerAdapter() {
            @Override
            public void onEpoch(Trainer trainer) {
                epoch(EpochFigures.of(trainer).epoch());
            }

            @Override
            public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                count(batchData);
            }

            @Override
            public void onValidationBatch(Trainer trainer, BatchData batchData) {
                count(batchData);
            }

            private void count(BatchData batchData) {
                if (imagesForwarded) {
                    embedded(batchData.getBatch().getSize());
                }
            }
        };
    }

    private Counter outcomes(RunState outcome) {
        return Counter.builder("stylesync.training.runs")
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .description("training runs ended, by outcome")
                .register(registry);
    }
}
