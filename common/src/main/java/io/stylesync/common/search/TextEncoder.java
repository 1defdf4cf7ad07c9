package io.stylesync.common.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text side of text search, trained by training-service against frozen backbone features and shipped in the
 * model bundle: hashed tokens ({@link HashingTokenizer}) → mean of their embeddings → ReLU layer → linear layer →
 * L2-normalised text vector {@code t}. The image side is a linear projection {@code P} of the L2-normalised
 * backbone feature {@code x}; a text and an image score {@code t · P x}. Because that equals
 * {@code (Pᵀ t) · x}, {@link #featureQuery} turns a text into a query in the backbone's feature space, and the
 * catalogue's existing cosine index answers it unchanged (the image side is deliberately not re-normalised after
 * {@code P}, which is what keeps the score linear in {@code x}).
 *
 * <p>Weights are named as the DJL blocks that trained them and stored as safetensors; inference runs in plain
 * Java (a query is ~30 token lookups and two small matrix-vector products).
 */
public final class TextEncoder {

    public static final String FILE = "text-encoder.safetensors";
    public static final String EMBEDDING = "embedding";
    public static final String HIDDEN_WEIGHT = "hidden.weight";
    public static final String HIDDEN_BIAS = "hidden.bias";
    public static final String OUTPUT_WEIGHT = "output.weight";
    public static final String OUTPUT_BIAS = "output.bias";
    public static final String IMAGE_PROJECTION = "image.weight";

    private final HashingTokenizer tokenizer;
    private final int embeddingDim;
    private final int hiddenDim;
    private final int outputDim;
    private final int featureDim;
    private final float[] embedding; // embeddingDim x buckets
    private final float[] hiddenWeight; // hiddenDim x embeddingDim
    private final float[] hiddenBias;
    private final float[] outputWeight; // outputDim x hiddenDim
    private final float[] outputBias;
    private final float[] imageProjection; // outputDim x featureDim

    /** Arrays as DJL's {@code Linear} holds them: {@code (units, inputs)}, row-major. */
    public TextEncoder(
            HashingTokenizer tokenizer,
            int embeddingDim,
            int hiddenDim,
            int outputDim,
            int featureDim,
            Map<String, float[]> weights) {
        this.tokenizer = tokenizer;
        this.embeddingDim = embeddingDim;
        this.hiddenDim = hiddenDim;
        this.outputDim = outputDim;
        this.featureDim = featureDim;
        this.embedding = checked(weights, EMBEDDING, (long) embeddingDim * tokenizer.buckets());
        this.hiddenWeight = checked(weights, HIDDEN_WEIGHT, (long) hiddenDim * embeddingDim);
        this.hiddenBias = checked(weights, HIDDEN_BIAS, hiddenDim);
        this.outputWeight = checked(weights, OUTPUT_WEIGHT, (long) outputDim * hiddenDim);
        this.outputBias = checked(weights, OUTPUT_BIAS, outputDim);
        this.imageProjection = checked(weights, IMAGE_PROJECTION, (long) outputDim * featureDim);
    }

    public HashingTokenizer tokenizer() {
        return tokenizer;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public int hiddenDim() {
        return hiddenDim;
    }

    public int outputDim() {
        return outputDim;
    }

    public int featureDim() {
        return featureDim;
    }

    /** True when the text has at least one word the tokenizer can hash. */
    public static boolean hasWords(String text) {
        return !HashingTokenizer.words(text).isEmpty();
    }

    /** The L2-normalised text vector {@code t} ({@link #outputDim()}); zero for a text without words. */
    public float[] encode(String text) {
        int[] ids = tokenizer.tokenize(text);
        float[] t = new float[outputDim];
        if (ids.length == 0) {
            return t;
        }
        int buckets = tokenizer.buckets();
        float[] e = new float[embeddingDim];
        for (int j = 0; j < embeddingDim; j++) {
            double s = 0;
            for (int id : ids) {
                s += embedding[j * buckets + id];
            }
            e[j] = (float) (s / ids.length);
        }
        float[] h = new float[hiddenDim];
        for (int k = 0; k < hiddenDim; k++) {
            double s = hiddenBias[k];
            for (int j = 0, o = k * embeddingDim; j < embeddingDim; j++, o++) {
                s += hiddenWeight[o] * e[j];
            }
            h[k] = (float) Math.max(0, s);
        }
        double sq = 0;
        for (int d = 0; d < outputDim; d++) {
            double s = outputBias[d];
            for (int k = 0, o = d * hiddenDim; k < hiddenDim; k++, o++) {
                s += outputWeight[o] * h[k];
            }
            t[d] = (float) s;
            sq += s * s;
        }
        float inv = sq == 0 ? 0 : (float) (1 / Math.sqrt(sq));
        for (int d = 0; d < outputDim; d++) {
            t[d] *= inv;
        }
        return t;
    }

    /** {@code Pᵀ t}: a query whose dot product with a normalised backbone feature is the text–image score. */
    public float[] featureQuery(String text) {
        float[] t = encode(text);
        float[] q = new float[featureDim];
        for (int d = 0; d < outputDim; d++) {
            float td = t[d];
            for (int f = 0, o = d * featureDim; f < featureDim; f++, o++) {
                q[f] += td * imageProjection[o];
            }
        }
        return q;
    }

    /** {@code P x}: the image side of the score, for a raw backbone feature (L2-normalised here first). */
    public float[] imageVector(float[] feature) {
        double sq = 0;
        for (float v : feature) {
            sq += (double) v * v;
        }
        double inv = sq == 0 ? 0 : 1 / Math.sqrt(sq);
        float[] v = new float[outputDim];
        for (int d = 0; d < outputDim; d++) {
            double s = 0;
            for (int f = 0, o = d * featureDim; f < featureDim; f++, o++) {
                s += imageProjection[o] * feature[f];
            }
            v[d] = (float) (s * inv);
        }
        return v;
    }

    /** The weights as safetensors, named as above, in DJL's {@code (units, inputs)} layout. */
    public byte[] toSafetensors() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList list = new NDList();
            list.add(named(manager, EMBEDDING, embedding, new Shape(embeddingDim, tokenizer.buckets())));
            list.add(named(manager, HIDDEN_WEIGHT, hiddenWeight, new Shape(hiddenDim, embeddingDim)));
            list.add(named(manager, HIDDEN_BIAS, hiddenBias, new Shape(hiddenDim)));
            list.add(named(manager, OUTPUT_WEIGHT, outputWeight, new Shape(outputDim, hiddenDim)));
            list.add(named(manager, OUTPUT_BIAS, outputBias, new Shape(outputDim)));
            list.add(named(manager, IMAGE_PROJECTION, imageProjection, new Shape(outputDim, featureDim)));
            return list.encode(NDList.Encoding.SAFETENSORS);
        }
    }

    /** Reads weights written by {@link #toSafetensors}; throws {@link IllegalArgumentException} on a mismatch. */
    public static TextEncoder fromSafetensors(
            byte[] bytes, HashingTokenizer tokenizer, int embeddingDim, int hiddenDim, int outputDim, int featureDim) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (NDArray array : NDList.decode(manager, bytes)) {
                weights.put(array.getName(), array.toFloatArray());
            }
        }
        return new TextEncoder(tokenizer, embeddingDim, hiddenDim, outputDim, featureDim, weights);
    }

    private static NDArray named(NDManager manager, String name, float[] values, Shape shape) {
        NDArray array = manager.create(values, shape);
        array.setName(name);
        return array;
    }

    private static float[] checked(Map<String, float[]> weights, String name, long length) {
        float[] w = weights.get(name);
        if (w == null) {
            throw new IllegalArgumentException("text encoder has no tensor '" + name + "'");
        }
        if (w.length != length) {
            throw new IllegalArgumentException(
                    "text encoder tensor '" + name + "' has " + w.length + " values, expected " + length);
        }
        return w;
    }
}
