package io.stylesync.training.evaluation;

import io.stylesync.common.model.ClassifierHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores every head on one labelled split and writes what a reader of the bundle wants: {@code <head>.json} (every
 * {@link HeadEvaluation} figure, per class and the confusion matrix) and {@code <head>-confusion.html}.
 */
@Component
public class EvaluationReport {

    private final JsonMapper json;

    public EvaluationReport(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param y by attribute, a class index (or {@code -1}: skipped) per row of {@code x}
     * @return {@code <head>.accuracy}, {@code .top5_accuracy}, {@code .macro_f1} and {@code .ece} of every head
     */
    public Map<String, Double> write(List<ClassifierHead> heads, float[][] x, Map<String, int[]> y, Path dir) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (ClassifierHead head : heads) {
                HeadEvaluation e = Evaluator.evaluate(head, x, y.get(head.attribute()));
                String a = head.attribute();
                metrics.put(a + ".accuracy", e.accuracy());
                metrics.put(a + ".top5_accuracy", e.top5Accuracy());
                metrics.put(a + ".macro_f1", e.macroF1());
                metrics.put(a + ".ece", e.expectedCalibrationError());
                Files.write(
                        dir.resolve(a + ".json"),
                        json.writerWithDefaultPrettyPrinter().writeValueAsBytes(e));
                Files.writeString(dir.resolve(a + "-confusion.html"), ConfusionMatrixHtml.render(e));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return metrics;
    }
}
