package io.stylesync.training.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.loop.EpochFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Many Adam steps must not leave native memory behind: every step's arrays are freed when the step ends, not
 * when the model closes at the end of the run. Resident size after a full GC is sampled at epoch 10 and at
 * the last epoch; leaking each step's arrays (the input alone is 64 x 1024 floats) over the 800 steps in
 * between would keep over 200 MB. The short warm-up run starts the engine and JIT; it is kept short because
 * memory it frees stays resident in the allocator and would hide a leak of up to its own size.
 */
@EnabledOnOs(OS.LINUX)
class HeadTrainerMemoryTest {

    private static final int DIM = 1024;
    private static final int EPOCHS = 60; // 16 steps each
    private static final List<LabelSpace> HEADS = List.of(
            LabelSpace.of("cluster", List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9")),
            LabelSpace.of("parity", List.of("even", "odd")));

    @Test
    void manyStepsLeaveNoNativeMemoryBehind() {
        SyntheticFeatures train = SyntheticFeatures.generate(1024, DIM, 10, 0.3, 1);
        SyntheticFeatures val = SyntheticFeatures.generate(64, DIM, 10, 0.3, 2);
        Map<String, int[]> trainY = Map.of("cluster", train.cluster(), "parity", train.parity());
        Map<String, int[]> valY = Map.of("cluster", val.cluster(), "parity", val.parity());
        HeadTrainingConfig config = new HeadTrainingConfig(EPOCHS, 64, 1e-3f, 0, 0, true, 0, 1);
        HeadTrainer trainer = new HeadTrainer();
        trainer.train(train.x(), trainY, val.x(), valY, HEADS, config.withEpochs(3));
        Map<Integer, Long> resident = new TreeMap<>();

        trainer.train(train.x(), trainY, val.x(), valY, HEADS, config, EpochFigures.listener(f -> {
            if (f.epoch() == 10 || f.epoch() == EPOCHS) {
                resident.put(f.epoch(), residentAfterGc());
            }
        }));

        long growth = resident.get(EPOCHS) - resident.get(10);
        System.out.printf(
                "resident at epoch 10: %.1f MB, at epoch %d: %.1f MB%n",
                resident.get(10) / 1e6, EPOCHS, resident.get(EPOCHS) / 1e6);
        assertThat(growth).isLessThan(60_000_000L);
    }

    private static long residentAfterGc() {
        try {
            System.gc();
            Thread.sleep(200); // direct buffers are freed by their cleaners after the collection
            System.gc();
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
