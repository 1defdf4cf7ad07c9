package io.stylesync.training.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.model.ClassifierHead;
import io.stylesync.training.data.LabelSpace;
import io.stylesync.training.evaluation.Evaluator;
import io.stylesync.training.loop.CancellationListener;
import io.stylesync.training.loop.EpochFigures;
import io.stylesync.training.loop.HeadTargets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadTrainerTest {

    private static final LabelSpace CLUSTER = LabelSpace.of("cluster", List.of("c0", "c1", "c2", "c3"));
    private static final LabelSpace PARITY = LabelSpace.of("parity", List.of("even", "odd"));
    private static final List<LabelSpace> HEADS = List.of(CLUSTER, PARITY);

    private static final SyntheticFeatures TRAIN = SyntheticFeatures.generate(400, 32, 4, 1.0, 1);
    private static final SyntheticFeatures VAL = SyntheticFeatures.generate(200, 32, 4, 1.0, 2);

    private static final HeadTrainingConfig CONFIG = new HeadTrainingConfig(15, 32, 1e-2f, 1e-4f, 0, true, 0, 11);

    private final HeadTrainer trainer = new HeadTrainer();

    @Test
    void learnsSeparableClustersAndReturnsHeadsOnRawFeatures() {
        List<Map<String, Double>> reported = new ArrayList<>();

        TrainingResult result = trainer.train(
                TRAIN.x(),
                targets(TRAIN),
                VAL.x(),
                targets(VAL),
                HEADS,
                CONFIG,
                EpochFigures.listener(f -> reported.add(f.valAccuracy())));

        assertThat(result.epochsRun()).isEqualTo(15);
        assertThat(result.cancelled()).isFalse();
        assertThat(result.trainLoss()).hasSize(15);
        assertThat(result.trainLoss().get(14)).isLessThan(result.trainLoss().get(0) / 4);
        assertThat(result.heads()).extracting(ClassifierHead::attribute).containsExactly("cluster", "parity");
        assertThat(result.heads().get(0).classes()).isEqualTo(CLUSTER.classes());
        assertThat(result.heads().get(0).featureDim()).isEqualTo(32);
        // Scored on raw (unstandardised) features by the shared code: the standardisation is folded in.
        double clusterAccuracy = Evaluator.evaluate(result.heads().get(0), VAL.x(), VAL.cluster())
                .accuracy();
        double parityAccuracy =
                Evaluator.evaluate(result.heads().get(1), VAL.x(), VAL.parity()).accuracy();
        assertThat(clusterAccuracy).isGreaterThanOrEqualTo(0.95);
        assertThat(parityAccuracy).isGreaterThanOrEqualTo(0.95);
        // ...and they are the best epoch's heads, as the listener saw them.
        Map<String, Double> atBest = reported.get(result.bestEpoch() - 1);
        assertThat(clusterAccuracy).isCloseTo(atBest.get("cluster"), within(1e-12));
        assertThat(parityAccuracy).isCloseTo(atBest.get("parity"), within(1e-12));
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        TrainingResult first =
                trainer.train(TRAIN.x(), targets(TRAIN), VAL.x(), targets(VAL), HEADS, CONFIG.withEpochs(4));
        TrainingResult second =
                trainer.train(TRAIN.x(), targets(TRAIN), VAL.x(), targets(VAL), HEADS, CONFIG.withEpochs(4));
        TrainingResult otherSeed = trainer.train(
                TRAIN.x(),
                targets(TRAIN),
                VAL.x(),
                targets(VAL),
                HEADS,
                CONFIG.withEpochs(4).withSeed(12));

        for (int h = 0; h < HEADS.size(); h++) {
            ClassifierHead a = first.heads().get(h);
            ClassifierHead b = second.heads().get(h);
            assertThat(Arrays.deepEquals(a.weight(), b.weight()))
                    .as("weights of head %d", h)
                    .isTrue();
            assertThat(a.bias()).containsExactly(b.bias());
        }
        assertThat(first.trainLoss()).isEqualTo(second.trainLoss());
        assertThat(Arrays.deepEquals(
                        first.heads().get(0).weight(), otherSeed.heads().get(0).weight()))
                .isFalse();
    }

    @Test
    void stopsEarlyWhenValidationAccuracyPlateausAndKeepsTheBestEpoch() {
        List<Double> meanAccuracy = new ArrayList<>();
        HeadTrainingConfig config = CONFIG.withEpochs(200).withEarlyStoppingPatience(3);

        TrainingResult result = trainer.train(
                TRAIN.x(),
                targets(TRAIN),
                VAL.x(),
                targets(VAL),
                HEADS,
                config,
                EpochFigures.listener(f -> meanAccuracy.add(
                        (f.valAccuracy().get("cluster") + f.valAccuracy().get("parity")) / 2)));

        assertThat(result.epochsRun()).isLessThan(200).isEqualTo(result.bestEpoch() + 3);
        assertThat(meanAccuracy).hasSize(result.epochsRun());
        double best = meanAccuracy.get(result.bestEpoch() - 1);
        assertThat(meanAccuracy.subList(0, result.bestEpoch() - 1)).allMatch(a -> a < best);
        assertThat(meanAccuracy.subList(result.bestEpoch(), result.epochsRun())).allMatch(a -> a <= best);
        double returned = (Evaluator.evaluate(result.heads().get(0), VAL.x(), VAL.cluster())
                                .accuracy()
                        + Evaluator.evaluate(result.heads().get(1), VAL.x(), VAL.parity())
                                .accuracy())
                / 2;
        assertThat(returned).isCloseTo(best, within(1e-12));
    }

    @Test
    void cancellationStopsAfterTheCurrentEpochWithTheBestSoFar() {
        int[] epochs = {0};

        TrainingResult result = trainer.train(
                TRAIN.x(),
                targets(TRAIN),
                VAL.x(),
                targets(VAL),
                HEADS,
                CONFIG,
                EpochFigures.listener(f -> epochs[0] = f.epoch()),
                new CancellationListener(() -> epochs[0] >= 2));

        assertThat(result.cancelled()).isTrue();
        assertThat(result.epochsRun()).isEqualTo(2);
        assertThat(result.trainLoss()).hasSize(2);
        assertThat(result.bestEpoch()).isBetween(1, 2);
        assertThat(result.heads()).hasSize(2);
    }

    @Test
    void examplesWithoutATargetAreSkippedPerHead() {
        int[] partialParity = TRAIN.parity().clone();
        for (int i = 0; i < partialParity.length; i += 2) {
            partialParity[i] = -1;
        }
        int[] noValParity = new int[VAL.x().length];
        Arrays.fill(noValParity, -1);
        List<Map<String, Double>> reported = new ArrayList<>();

        TrainingResult result = trainer.train(
                TRAIN.x(),
                Map.of("cluster", TRAIN.cluster(), "parity", partialParity),
                VAL.x(),
                Map.of("cluster", VAL.cluster(), "parity", noValParity),
                HEADS,
                CONFIG,
                EpochFigures.listener(f -> reported.add(f.valAccuracy())));

        assertThat(reported).allSatisfy(a -> assertThat(a).containsOnlyKeys("cluster"));
        assertThat(Evaluator.evaluate(result.heads().get(1), VAL.x(), VAL.parity())
                        .accuracy())
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void trainsWithoutAValidationSetToTheLastEpoch() {
        TrainingResult result = trainer.train(
                TRAIN.x(),
                targets(TRAIN),
                new float[0][],
                Map.of("cluster", new int[0], "parity", new int[0]),
                HEADS,
                CONFIG.withEpochs(3).withEarlyStoppingPatience(1));

        assertThat(result.epochsRun()).isEqualTo(3);
        assertThat(result.bestEpoch()).isEqualTo(3);
    }

    @Test
    void classWeightsAreInverseFrequencyWithMeanOneOverPresentClasses() {
        // counts: class 0 once, class 1 three times, class 2 never; 1/n = 1, 1/3; mean 2/3
        float[] w = HeadTargets.inverseFrequencyWeights(new int[] {0, 1, 1, 1, -1}, 3);

        assertThat(w[0]).isCloseTo(1.5f, within(1e-6f));
        assertThat(w[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(w[2]).isEqualTo(1f);
    }

    @Test
    void rejectsInconsistentInputs() {
        Map<String, int[]> y = targets(TRAIN);
        assertThatThrownBy(() -> trainer.train(
                        TRAIN.x(), Map.of("cluster", TRAIN.cluster()), VAL.x(), targets(VAL), HEADS, CONFIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parity");
        int[] bad = TRAIN.cluster().clone();
        bad[5] = 4;
        assertThatThrownBy(() -> trainer.train(
                        TRAIN.x(),
                        Map.of("cluster", bad, "parity", TRAIN.parity()),
                        VAL.x(),
                        targets(VAL),
                        HEADS,
                        CONFIG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 5");
        float[][] ragged = TRAIN.x().clone();
        ragged[3] = new float[31];
        assertThatThrownBy(() -> trainer.train(ragged, y, VAL.x(), targets(VAL), HEADS, CONFIG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHiddenLayerLearnsALabelNoLinearHeadCanAndKeepsItsStandardisationFolded() {
        // XOR of two features' signs, on features with offsets and scales that only a correct fold undoes.
        LabelSpace xor = LabelSpace.of("xor", List.of("same", "different"));
        float[][][] x = new float[2][][];
        int[][] y = new int[2][];
        java.util.Random random = new java.util.Random(5);
        for (int set = 0; set < 2; set++) {
            int n = set == 0 ? 800 : 400;
            x[set] = new float[n][8];
            y[set] = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 8; j++) {
                    x[set][i][j] = (float) (random.nextDouble() * 2 - 1);
                }
                y[set][i] = (x[set][i][0] > 0) != (x[set][i][1] > 0) ? 1 : 0;
                for (int j = 0; j < 8; j++) {
                    x[set][i][j] = x[set][i][j] * (j + 1) * 5 + 3 * j;
                }
            }
        }
        HeadTrainingConfig config = new HeadTrainingConfig(40, 32, 1e-2f, 0f, 0, false, 0, 3);

        double linear = Evaluator.evaluate(train(x, y, xor, config).heads().getFirst(), x[1], y[1])
                .accuracy();
        TrainingResult mlp = train(x, y, xor, config.withHiddenUnits(32));
        ClassifierHead head = mlp.heads().getFirst();
        double hidden = Evaluator.evaluate(head, x[1], y[1]).accuracy();

        assertThat(linear).isLessThan(0.7);
        assertThat(hidden).isGreaterThanOrEqualTo(0.9);
        assertThat(head.hiddenUnits()).isEqualTo(32);
        assertThat(head.featureDim()).isEqualTo(8);
        ClassifierHead again =
                train(x, y, xor, config.withHiddenUnits(32)).heads().getFirst();
        assertThat(Arrays.deepEquals(head.hidden().weight(), again.hidden().weight()))
                .isTrue();
        assertThat(Arrays.deepEquals(head.weight(), again.weight())).isTrue();
    }

    private TrainingResult train(float[][][] x, int[][] y, LabelSpace space, HeadTrainingConfig config) {
        return trainer.train(
                x[0], Map.of(space.attribute(), y[0]), x[1], Map.of(space.attribute(), y[1]), List.of(space), config);
    }

    static Map<String, int[]> targets(SyntheticFeatures data) {
        return Map.of("cluster", data.cluster(), "parity", data.parity());
    }
}
