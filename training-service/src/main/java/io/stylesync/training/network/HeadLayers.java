package io.stylesync.training.network;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.initializer.Initializer;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.training.data.LabelSpace;
import java.util.Random;

/**
 * One head's DJL layers: a {@link Linear} to the classes, or {@code Linear → ReLU → Linear} with a hidden layer;
 * both trainers build their heads with it and read them back as a {@link ClassifierHead}.
 */
final class HeadLayers {

    private final LabelSpace space;
    private final int hiddenUnits;
    private final Linear hidden;
    private final Linear output;
    private final Block block;

    private HeadLayers(LabelSpace space, int hiddenUnits) {
        this.space = space;
        this.hiddenUnits = hiddenUnits;
        this.output = Linear.builder().setUnits(space.size()).build();
        if (hiddenUnits > 0) {
            this.hidden = Linear.builder().setUnits(hiddenUnits).build();
            this.block = new SequentialBlock()
                    .add(hidden)
                    .add(Activation.reluBlock())
                    .add(output);
        } else {
            this.hidden = null;
            this.block = output;
        }
    }

    /** @param hiddenUnits 0 for a linear head */
    static HeadLayers of(LabelSpace space, int hiddenUnits) {
        return new HeadLayers(space, hiddenUnits);
    }

    /** The hidden units {@code head} has: what {@link #of} needs to rebuild it for more training. */
    static HeadLayers like(LabelSpace space, ClassifierHead head) {
        if (!head.attribute().equals(space.attribute()) || head.classes().size() != space.size()) {
            throw new IllegalArgumentException(
                    "initial head " + head.attribute() + " does not match label space " + space.attribute());
        }
        return new HeadLayers(space, head.hiddenUnits());
    }

    Block block() {
        return block;
    }

    /** Xavier-uniform weights from {@code random} (so independent of the engine's global state), biases 0. */
    void initialiseRandomly(DefaultTrainingConfig config, Random random, int featureDim) {
        if (hidden != null) {
            Parameter h = weight(hidden);
            config.optInitializer(xavierUniform(random, featureDim, units()), p -> p == h);
            Parameter o = weight(output);
            config.optInitializer(xavierUniform(random, units(), space.size()), p -> p == o);
        } else {
            Parameter o = weight(output);
            config.optInitializer(xavierUniform(random, featureDim, space.size()), p -> p == o);
        }
    }

    /** Start from {@code head}'s weights (built by {@link #like}). */
    void initialiseFrom(DefaultTrainingConfig config, ClassifierHead head) {
        if (hidden != null) {
            copy(config, hidden, head.hidden().weight(), head.hidden().bias());
        }
        copy(config, output, head.weight(), head.bias());
    }

    /**
     * The head as it stands, scoring raw features: {@code standardisation} (what the first layer's inputs were)
     * folded into that layer's weights and biases.
     */
    ClassifierHead snapshot(Standardisation standardisation) {
        int dim = standardisation.dim();
        Linear first = hidden != null ? hidden : output;
        int rows = hidden != null ? units() : space.size();
        float[] w = weight(first).getArray().toFloatArray();
        float[] b = first.getParameters().get("bias").getArray().toFloatArray();
        float[][] weight = new float[rows][];
        float[] bias = new float[rows];
        for (int k = 0; k < rows; k++) {
            weight[k] = new float[dim];
            bias[k] = standardisation.fold(w, k * dim, b[k], weight[k]);
        }
        if (hidden == null) {
            return new ClassifierHead(space.attribute(), space.classes(), weight, bias);
        }
        float[] ow = weight(output).getArray().toFloatArray();
        float[][] outWeight = new float[space.size()][];
        for (int k = 0; k < space.size(); k++) {
            outWeight[k] = java.util.Arrays.copyOfRange(ow, k * units(), (k + 1) * units());
        }
        float[] outBias = output.getParameters().get("bias").getArray().toFloatArray();
        return new ClassifierHead(
                space.attribute(), space.classes(), new ClassifierHead.Hidden(weight, bias), outWeight, outBias, 1.0);
    }

    private int units() {
        return hiddenUnits;
    }

    private static Parameter weight(Linear linear) {
        return linear.getParameters().get("weight");
    }

    private static void copy(DefaultTrainingConfig config, Linear linear, float[][] weight, float[] bias) {
        int cols = weight[0].length;
        float[] w = new float[weight.length * cols];
        for (int k = 0; k < weight.length; k++) {
            System.arraycopy(weight[k], 0, w, k * cols, cols);
        }
        Parameter wp = weight(linear);
        Parameter bp = linear.getParameters().get("bias");
        config.optInitializer((m, shape, type) -> m.create(w, shape), p -> p == wp);
        config.optInitializer((m, shape, type) -> m.create(bias, shape), p -> p == bp);
    }

    private static Initializer xavierUniform(Random random, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[fanOut * fanIn];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return (manager, shape, dataType) -> manager.create(values, shape);
    }
}
