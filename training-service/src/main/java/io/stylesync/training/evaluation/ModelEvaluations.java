package io.stylesync.training.evaluation;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.common.model.BundleFetcher;
import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.training.config.TrainingProperties;
import io.stylesync.training.dataset.DatasetSource;
import io.stylesync.training.embedding.DatasetEmbeddings;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates a registered model version (by number or alias) on a dataset version: the bundle is
 * fetched from MLflow, features come from the bundle's own backbone and preprocessing (cached),
 * and each head is scored with {@link Evaluator} on the chosen split. Labels the model does not
 * know count as its {@code Other} class, or are left out where the head has none.
 */
@Service
public class ModelEvaluations {

    private final MlflowClient mlflow;
    private final DatasetSource datasets;
    private final DatasetEmbeddings features;
    private final BundleFetcher fetcher;

    public ModelEvaluations(
            MlflowClient mlflow,
            DatasetSource datasets,
            DatasetEmbeddings features,
            TrainingProperties props,
            JsonMapper json) {
        this.mlflow = mlflow;
        this.datasets = datasets;
        this.features = features;
        this.fetcher = new BundleFetcher(mlflow, json, props.workDir().resolve("models"));
    }

    /**
     * @param servingResize how serving brings an upload to the model's input (the bundle's policy)
     * @param datasetResize how ingest brought this dataset's images to that size: when it differs from
     *                      {@code servingResize} on non-square originals, the figures are not what serving gets
     */
    public record Result(
            String model,
            String version,
            String datasetVersion,
            String split,
            String servingResize,
            String datasetResize,
            List<HeadEvaluation> heads) {}

    /** The bundle manifest of a registered version (by number or alias): preprocessing, heads, metrics, lineage. */
    public BundleManifest manifest(String model, String versionOrAlias) {
        return fetcher.fetch(resolve(model, versionOrAlias)).manifest();
    }

    public Result evaluate(String model, String versionOrAlias, String datasetVersion, Split split) {
        ModelVersion version = resolve(model, versionOrAlias);
        ModelBundle bundle = fetcher.fetch(version);
        DatasetManifest manifest = datasets.manifest(datasetVersion);
        List<DatasetRecord> records = datasets.records(manifest).stream()
                .filter(r -> split == null || r.split() == split)
                .toList();
        if (records.isEmpty()) {
            throw ProblemException.unprocessable(
                    "split-empty", "dataset " + datasetVersion + " has no " + split + " records");
        }
        float[][] x = features.of(
                manifest,
                records,
                bundle.backboneFile(),
                bundle.manifest().backbone().sha256(),
                bundle.preprocessConfig(),
                n -> {});
        List<HeadEvaluation> results = new ArrayList<>();
        for (int h = 0; h < bundle.heads().size(); h++) {
            ClassifierHead head = bundle.heads().get(h);
            BundleManifest.Head spec = bundle.manifest().heads().get(h);
            if (!manifest.targetAttributes().contains(head.attribute())) {
                continue;
            }
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                String label = records.get(i).labels().get(head.attribute());
                int index = head.classes().indexOf(label);
                if (index < 0 && spec.otherClass() != null) {
                    index = head.classes().indexOf(spec.otherClass());
                }
                if (index >= 0) {
                    rows.add(x[i]);
                    labels.add(index);
                }
            }
            results.add(Evaluator.evaluate(
                    head,
                    rows.toArray(float[][]::new),
                    labels.stream().mapToInt(Integer::intValue).toArray()));
        }
        if (results.isEmpty()) {
            throw ProblemException.unprocessable(
                    "no-common-attribute", "dataset " + datasetVersion + " labels none of the model's heads");
        }
        return new Result(
                model,
                version.version(),
                datasetVersion,
                split == null ? "all" : split.wireName(),
                bundle.manifest().preprocessing().resize(),
                manifest.preprocessing().resize(),
                results);
    }

    private ModelVersion resolve(String model, String versionOrAlias) {
        try {
            ModelVersion v = versionOrAlias.matches("[0-9]+")
                    ? mlflow.getModelVersion(model, versionOrAlias)
                    : mlflow.getVersionByAlias(model, versionOrAlias);
            if (v == null) {
                throw ProblemException.notFound("model " + model + " has no alias " + versionOrAlias);
            }
            return v;
        } catch (MlflowException e) {
            if (e.isUnreachable()) {
                throw new ProblemException(503, "mlflow-unavailable", "MLflow unavailable", e.getMessage())
                        .with("retryAfterSeconds", 10);
            }
            throw ProblemException.notFound("model " + model + " has no version " + versionOrAlias);
        }
    }
}
