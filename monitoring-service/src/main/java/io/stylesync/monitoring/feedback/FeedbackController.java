package io.stylesync.monitoring.feedback;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.events.Feedback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ground truth for an earlier prediction: scores each head's prediction for live accuracy. */
@RestController
@RequestMapping("/api/v1/feedback")
public class FeedbackController {

    private final PredictionLog predictions;
    private final LiveAccuracy accuracy;

    public FeedbackController(PredictionLog predictions, LiveAccuracy accuracy) {
        this.predictions = predictions;
        this.accuracy = accuracy;
    }

    public record FeedbackResult(String predictionId, Map<String, Boolean> correct, List<String> ignoredHeads) {}

    @PostMapping
    public FeedbackResult feedback(@RequestBody Feedback feedback) {
        if (feedback.predictionId() == null || feedback.predictionId().isBlank()) {
            throw ProblemException.badRequest("'predictionId' is required")
                    .with("errors", List.of(Map.of("field", "predictionId", "message", "is required")));
        }
        if (feedback.labels() == null || feedback.labels().isEmpty()) {
            throw ProblemException.badRequest("'labels' must name the true label of at least one head")
                    .with("errors", List.of(Map.of("field", "labels", "message", "must not be empty")));
        }
        feedback.labels().forEach((head, label) -> {
            if (label == null || label.isBlank()) {
                throw ProblemException.badRequest("'labels." + head + "' must not be blank")
                        .with("errors", List.of(Map.of("field", "labels." + head, "message", "must not be blank")));
            }
        });
        Map<String, String> predicted = predictions.labels(feedback.predictionId());
        if (predicted == null) {
            throw ProblemException.notFound("no recent prediction with id '" + feedback.predictionId()
                    + "' (unknown, or older than the last predictions kept)");
        }
        Map<String, Boolean> correct = new LinkedHashMap<>();
        List<String> ignored = new java.util.ArrayList<>();
        feedback.labels().forEach((head, truth) -> {
            String p = predicted.get(head);
            if (p == null) {
                ignored.add(head);
            } else {
                boolean ok = p.equals(truth);
                accuracy.record(head, ok);
                correct.put(head, ok);
            }
        });
        accuracy.countFeedback();
        return new FeedbackResult(feedback.predictionId(), correct, ignored);
    }
}
