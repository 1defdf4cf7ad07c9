package io.stylesync.training.promotion;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.training.registry.ModelRegistrar;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * Moves the {@code champion} alias to a version only when it beats the current champion on the
 * chosen test metric (or when forced), and records the decision on the version as tags.
 * Metrics come from the {@code metric.*} tags training put on each version.
 */
@Service
public class Promoter {

    private final MlflowClient mlflow;

    public Promoter(MlflowClient mlflow) {
        this.mlflow = mlflow;
    }

    public synchronized PromotionResult promote(String model, PromotionRequest request) {
        ModelVersion candidate;
        try {
            candidate = mlflow.getModelVersion(model, request.version());
        } catch (MlflowException e) {
            if (e.isNotFound() || "INVALID_PARAMETER_VALUE".equals(e.errorCode())) {
                throw ProblemException.notFound("model " + model + " has no version " + request.version());
            }
            throw unavailable(e);
        }
        String metric = request.metric() != null ? request.metric() : defaultMetric(candidate);
        Double candidateValue = value(candidate, metric);
        if (candidateValue == null) {
            throw ProblemException.unprocessable(
                            "metric-missing", "version " + request.version() + " has no test metric '" + metric + "'")
                    .with("field", "metric");
        }
        ModelVersion champion = mlflow.getVersionByAlias(model, ModelRegistrar.CHAMPION);
        Double championValue = champion == null ? null : value(champion, metric);
        boolean force = Boolean.TRUE.equals(request.force());
        boolean lowerIsBetter = metric.endsWith(".ece");
        boolean beats = championValue == null
                || (lowerIsBetter ? candidateValue < championValue : candidateValue > championValue);
        String reason;
        if (champion != null && champion.version().equals(candidate.version())) {
            reason = "version " + candidate.version() + " already is the champion";
            return new PromotionResult(
                    model,
                    candidate.version(),
                    champion.version(),
                    metric,
                    candidateValue,
                    championValue,
                    false,
                    reason);
        }
        if (champion == null) {
            reason = "no champion yet; " + metric + " = " + candidateValue;
        } else if (beats) {
            reason = metric + " " + candidateValue + (lowerIsBetter ? " < " : " > ") + championValue + " of version "
                    + champion.version();
        } else if (force) {
            reason = "forced: " + metric + " " + candidateValue + " does not beat " + championValue + " of version "
                    + champion.version();
        } else {
            reason = metric + " " + candidateValue + " does not beat " + championValue + " of champion version "
                    + champion.version();
            return new PromotionResult(
                    model,
                    candidate.version(),
                    champion.version(),
                    metric,
                    candidateValue,
                    championValue,
                    false,
                    reason);
        }
        mlflow.setAlias(model, ModelRegistrar.CHAMPION, candidate.version());
        mlflow.setModelVersionTag(model, candidate.version(), "promotion.reason", reason);
        mlflow.setModelVersionTag(
                model, candidate.version(), "promotion.at", Instant.now().toString());
        return new PromotionResult(
                model,
                candidate.version(),
                champion == null ? null : champion.version(),
                metric,
                candidateValue,
                championValue,
                true,
                reason);
    }

    private static String defaultMetric(ModelVersion v) {
        return v.tags().keySet().stream()
                .filter(k -> k.startsWith("metric.") && k.endsWith(".accuracy") && !k.endsWith("top5_accuracy"))
                .sorted()
                .findFirst()
                .map(k -> k.substring("metric.".length()))
                .orElseThrow(() -> ProblemException.unprocessable(
                        "metric-missing", "version " + v.version() + " carries no metrics"));
    }

    private static Double value(ModelVersion v, String metric) {
        String s = v.tags().get("metric." + metric);
        return s == null ? null : Double.valueOf(s);
    }

    private static ProblemException unavailable(MlflowException e) {
        return new ProblemException(503, "mlflow-unavailable", "MLflow unavailable", e.getMessage())
                .with("retryAfterSeconds", 10);
    }
}
