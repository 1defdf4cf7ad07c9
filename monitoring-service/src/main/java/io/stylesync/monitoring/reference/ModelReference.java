package io.stylesync.monitoring.reference;

import io.stylesync.common.dataset.ReferenceStatistics;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingStatistics;
import java.util.List;

/**
 * What one model version is compared against.
 *
 * @param source     where it came from, for people (e.g. {@code mlflow:stylesync-fashion/3})
 * @param embedding  null when the bundle has none or an empty summary sample (older bundles): no embedding drift
 * @param heads      the bundle's heads (class lists fold the reference labels the way the model folds them); empty if unknown
 */
public record ModelReference(
        String modelName,
        String modelVersion,
        String source,
        ReferenceStatistics statistics,
        EmbeddingStatistics embedding,
        List<BundleManifest.Head> heads) {}
