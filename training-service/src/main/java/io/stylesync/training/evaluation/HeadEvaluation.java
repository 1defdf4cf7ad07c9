package io.stylesync.training.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of one head on one labelled set.
 *
 * @param count                    examples evaluated (those with a target for this head)
 * @param macroF1                  unweighted mean F1 over the classes that occur as truth or prediction
 * @param expectedCalibrationError top-1 confidence against accuracy, 15 equal-width bins
 * @param perClass                 by class name, in {@code classes} order
 * @param confusion                {@code confusion[trueIndex][predictedIndex]} counts
 */
public record HeadEvaluation(
        String attribute,
        List<String> classes,
        long count,
        double accuracy,
        double top5Accuracy,
        double macroF1,
        double expectedCalibrationError,
        Map<String, ClassMetrics> perClass,
        long[][] confusion) {

    public HeadEvaluation {
        classes = List.copyOf(classes);
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }
}
