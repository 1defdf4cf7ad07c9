package io.stylesync.common.model;

import java.time.Instant;
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
        Map<String, Double> metrics) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "bundle.json";

    public record Backbone(String file, String sha256, int featureDim, String description) {}

    public record Preprocessing(
            int width, int height, String resize, List<Float> mean, List<Float> std, String fingerprint) {}

    /**
     * @param temperature fitted on the validation split; absent (bundles written before calibration) means 1
     */
    public record Head(String attribute, List<String> classes, String otherClass, Double temperature) {

        public Head(String attribute, List<String> classes, String otherClass) {
            this(attribute, classes, otherClass, null);
        }

        /** The temperature to score with: 1 when the bundle has none. */
        public double temperatureOrOne() {
            return temperature == null ? 1.0 : temperature;
        }
    }
}
