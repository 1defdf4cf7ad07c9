package io.stylesync.training.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.stylesync.common.search.HashingTokenizer;
import io.stylesync.common.search.TextEncoder;
import java.util.Map;

/**
 * The network {@link TextEncoderTrainer} trains, as DJL blocks: input {@code (bags, images)}, where a bag row is
 * the mean one-hot of a caption's token buckets ({@link HashingTokenizer#bag}) and an image row an L2-normalised
 * backbone feature; output the {@code n × n} logits {@code s · t_i · P x_j} of every caption against every image
 * of the batch, with {@code s = exp(logScale)} the learned inverse temperature, clamped to [1, 100] as in CLIP so
 * it cannot run away. The embedding table is a bias-free {@code Linear} on the bag, which is exactly a mean of
 * token embeddings. Block names match {@link TextEncoder}'s tensor names.
 */
final class DualEncoder extends AbstractBlock {

    static final float MAX_LOG_SCALE = (float) Math.log(100);
    /** CLIP's starting temperature, 0.07. */
    static final float INITIAL_LOG_SCALE = (float) Math.log(1 / 0.07);

    private final Linear embedding;
    private final Linear hidden;
    private final Linear output;
    private final Linear image;
    private final Parameter logScale;
    private final int hiddenDim;

    DualEncoder(TextSearchConfig config) {
        hiddenDim = config.hiddenDim();
        embedding = addChildBlock(
                TextEncoder.EMBEDDING,
                Linear.builder().setUnits(config.embeddingDim()).optBias(false).build());
        hidden = addChildBlock(
                "hidden", Linear.builder().setUnits(config.hiddenDim()).build());
        output = addChildBlock(
                "output", Linear.builder().setUnits(config.outputDim()).build());
        image = addChildBlock(
                "image",
                Linear.builder().setUnits(config.outputDim()).optBias(false).build());
        logScale = addParameter(Parameter.builder()
                .setName("logScale")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(INITIAL_LOG_SCALE))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray bags = inputs.get(0);
        NDArray images = inputs.get(1);
        NDArray e = embedding.forward(store, new NDList(bags), training).singletonOrThrow();
        NDArray h =
                Activation.relu(hidden.forward(store, new NDList(e), training).singletonOrThrow());
        NDArray t = output.forward(store, new NDList(h), training).singletonOrThrow();
        t = t.div(t.norm(new int[] {1}, true).add(1e-12f));
        NDArray v = image.forward(store, new NDList(images), training).singletonOrThrow();
        NDArray scale = store.getValue(logScale, bags.getDevice(), training)
                .clip(0f, MAX_LOG_SCALE)
                .exp();
        return new NDList(t.matMul(v.transpose()).mul(scale));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, n)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        embedding.initialize(manager, dataType, inputShapes[0]);
        hidden.initialize(manager, dataType, embedding.getOutputShapes(new Shape[] {inputShapes[0]}));
        output.initialize(manager, dataType, new Shape(n, hiddenDim));
        image.initialize(manager, dataType, inputShapes[1]);
    }

    /** The learned temperature {@code 1 / s}. */
    double temperature() {
        float log = Math.min(Math.max(logScale.getArray().getFloat(), 0f), MAX_LOG_SCALE);
        return Math.exp(-log);
    }

    /** The text side as it stands, for scoring in Java and for the bundle. */
    TextEncoder snapshot(HashingTokenizer tokenizer, TextSearchConfig config, int featureDim) {
        Map<String, float[]> weights = Map.of(
                TextEncoder.EMBEDDING, values(embedding, "weight"),
                TextEncoder.HIDDEN_WEIGHT, values(hidden, "weight"),
                TextEncoder.HIDDEN_BIAS, values(hidden, "bias"),
                TextEncoder.OUTPUT_WEIGHT, values(output, "weight"),
                TextEncoder.OUTPUT_BIAS, values(output, "bias"),
                TextEncoder.IMAGE_PROJECTION, values(image, "weight"));
        return new TextEncoder(
                tokenizer, config.embeddingDim(), config.hiddenDim(), config.outputDim(), featureDim, weights);
    }

    private static float[] values(Linear linear, String name) {
        return linear.getParameters().get(name).getArray().toFloatArray();
    }
}
