package io.stylesync.common.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bundle.json}: what a model bundle holds, so inference and monitoring need nothing else.
 * Files are named relative to the bundle directory.
 *
 * @param backbone      the TorchScript feature extractor and its output size
 * @param preprocessing the exact {@code PreprocessConfig} the backbone was trained and must be served with
 * @param heads         one per target attribute: class names in index order, the {@code Other} class if any, and
 *                      the temperature its logits are divided by before the softmax
 * @param files         logical name to file: heads, reference statistics, embedding statistics, metrics
 * @param lineage       dataset name/version, MLflow run id, git commit, DJL/PyTorch versions
 * @param textEncoder   the text side of text search, when the run trained one ({@code "textSearch": true}); absent
 *                      in bundles without it, which still load
 */
public record BundleManifest(
        int schemaVersion,
        String name,
        Instant createdAt,
        Backbone backbone,
        Preprocessing preprocessing,
        List<Head> heads,
        Map<String, String> files,
        Map<String, String> lineage,
        Map<String, Double> metrics,
        TextEncoder textEncoder) {

    public static final int SCHEMA_VERSION = 1;

    /** A manifest without a text encoder. */
    public BundleManifest(
            int schemaVersion,
            String name,
            Instant createdAt,
            Backbone backbone,
            Preprocessing preprocessing,
            List<Head> heads,
            Map<String, String> files,
            Map<String, String> lineage,
            Map<String, Double> metrics) {
        this(schemaVersion, name, createdAt, backbone, preprocessing, heads, files, lineage, metrics, null);
    }

    /** This manifest with a text encoder, its file also listed in {@code files} as {@code textEncoder}. */
    public BundleManifest withTextEncoder(TextEncoder encoder) {
        Map<String, String> withFile = new LinkedHashMap<>(files);
        withFile.put("textEncoder", encoder.file());
        return new BundleManifest(
                schemaVersion, name, createdAt, backbone, preprocessing, heads, withFile, lineage, metrics, encoder);
    }

    /**
     * {@code io.stylesync.common.search.TextEncoder}'s weights and shape.
     *
     * @param tokenizer   the tokenizer scheme ({@code HashingTokenizer.SCHEME}); a reader refuses one it lacks
     * @param buckets     hash buckets of the tokenizer
     * @param temperature the contrastive loss's learned temperature at the end of training (for people)
     */
    public record TextEncoder(
            String file,
            String sha256,
            String tokenizer,
            int buckets,
            int embeddingDim,
            int hiddenDim,
            int outputDim,
            Double temperature) {}

    public static final String FILE = "bundle.json";

    /**
     * @param exports the same network for other engines, by engine name ({@link BackboneEngine#id()}); absent or
     *                empty when the bundle carries the TorchScript file only
     */
    public record Backbone(
            String file, String sha256, int featureDim, String description, Map<String, Export> exports) {

        public Backbone(String file, String sha256, int featureDim, String description) {
            this(file, sha256, featureDim, description, null);
        }

        public Map<String, Export> exportsOrEmpty() {
            return exports == null ? Map.of() : exports;
        }
    }

    /**
     * One export of the backbone ({@code tools/export_onnx.py --bundle}).
     *
     * @param maxAbsDiff    largest difference from the TorchScript file's output, measured at export
     * @param accuracyDrop  per head, test-split accuracy in points lost against the TorchScript backbone (INT8 only:
     *                      serving refuses an export whose worst drop is over its budget)
     */
    public record Export(String file, String sha256, Double maxAbsDiff, Map<String, Double> accuracyDrop) {

        public Map<String, Double> accuracyDropOrEmpty() {
            return accuracyDrop == null ? Map.of() : accuracyDrop;
        }
    }

    public record Preprocessing(
            int width, int height, String resize, List<Float> mean, List<Float> std, String fingerprint) {}

    /**
     * @param temperature fitted on the validation split; absent (bundles written before calibration) means 1
     * @param hiddenUnits the head's hidden ReLU layer ({@link ClassifierHead.Hidden}); absent means a linear head,
     *                    as in bundles written before hidden layers existed
     */
    public record Head(
            String attribute, List<String> classes, String otherClass, Double temperature, Integer hiddenUnits) {

        /** The most hidden units a bundle may declare: a bound on what reading {@code heads.bin} allocates. */
        public static final int MAX_HIDDEN_UNITS = 8192;

        public Head(String attribute, List<String> classes, String otherClass, Double temperature) {
            this(attribute, classes, otherClass, temperature, null);
        }

        public Head(String attribute, List<String> classes, String otherClass) {
            this(attribute, classes, otherClass, null, null);
        }

        /** The temperature to score with: 1 when the bundle has none. */
        public double temperatureOrOne() {
            return temperature == null ? 1.0 : temperature;
        }

        /** Hidden units, 0 for a linear head. */
        public int hiddenUnitsOrZero() {
            return hiddenUnits == null ? 0 : hiddenUnits;
        }
    }
}
