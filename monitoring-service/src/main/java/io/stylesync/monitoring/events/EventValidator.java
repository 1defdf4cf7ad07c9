package io.stylesync.monitoring.events;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.common.features.ImageFeature;
import io.stylesync.common.model.EmbeddingSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a whole batch before any of it is recorded: required fields, every image feature present, finite,
 * and within what the extractor can produce (or, for the open-ended ones, within sane bounds), confidences in
 * [0, 1], embedding summary values in their ranges. A batch with any bad event is refused whole.
 */
final class EventValidator {

    private static final int MAX_ERRORS = 20;
    private static final int MAX_ID_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private EventValidator() {}

    static void validate(FeatureEventBatch batch, int maxEvents) {
        if (batch == null || batch.events() == null) {
            throw problem("'events' is required", List.of(error("events", "is required")));
        }
        if (batch.events().size() > maxEvents) {
            throw new ProblemException(
                            413,
                            "batch-too-large",
                            "Batch too large",
                            "a batch may carry at most " + maxEvents + " events, this one has "
                                    + batch.events().size())
                    .with("maxEvents", maxEvents);
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (int i = 0; i < batch.events().size() && errors.size() < MAX_ERRORS; i++) {
            check(batch.events().get(i), "events[" + i + "]", errors);
        }
        if (!errors.isEmpty()) {
            Map<String, String> first = errors.get(0);
            String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
            throw problem("Invalid event batch: '" + first.get("field") + "' " + first.get("message") + more, errors);
        }
    }

    private static void check(FeatureEvent e, String at, List<Map<String, String>> errors) {
        if (e == null) {
            errors.add(error(at, "must be an event object"));
            return;
        }
        requireText(e.predictionId(), at + ".predictionId", errors);
        requireName(e.modelName(), at + ".modelName", errors);
        requireName(e.modelVersion(), at + ".modelVersion", errors);
        if (e.timestamp() != null
                && (e.timestamp().isBefore(EARLIEST)
                        || e.timestamp().isAfter(Instant.now().plus(Duration.ofDays(1))))) {
            errors.add(error(at + ".timestamp", "must be between " + EARLIEST + " and a day from now"));
        }
        if (e.features() == null) {
            errors.add(error(at + ".features", "is required"));
        } else {
            for (String name : e.features().keySet()) {
                if (!isFeature(name)) {
                    errors.add(error(
                            at + ".features." + name,
                            "is not an image feature (expected one of "
                                    + java.util.Arrays.stream(ImageFeature.values())
                                            .map(ImageFeature::wireName)
                                            .toList()
                                    + ")"));
                }
            }
            for (ImageFeature f : ImageFeature.values()) {
                Double v = e.features().get(f.wireName());
                String field = at + ".features." + f.wireName();
                if (v == null) {
                    errors.add(error(field, "is required"));
                } else {
                    inRange(v, allowedMin(f), allowedMax(f), field, errors);
                }
            }
        }
        if (e.predictions() == null) {
            errors.add(error(at + ".predictions", "is required"));
        } else {
            e.predictions().forEach((head, p) -> {
                String field = at + ".predictions." + head;
                if (p == null || p.label() == null || p.label().isBlank()) {
                    errors.add(error(field + ".label", "is required"));
                } else {
                    inRange(p.confidence(), 0, 1, field + ".confidence", errors);
                }
            });
        }
        if (e.embedding() != null) {
            e.embedding().forEach((name, v) -> {
                String field = at + ".embedding." + name;
                if (!EmbeddingSummary.WIRE_NAMES.contains(name)) {
                    errors.add(error(
                            field,
                            "is not an embedding summary value (expected one of " + EmbeddingSummary.WIRE_NAMES + ")"));
                } else if (v == null) {
                    errors.add(error(field, "must be a number"));
                } else if (name.equals("centroid_cosine")) {
                    inRange(v, -1.000001, 1.000001, field, errors);
                } else {
                    inRange(v, 0, 1e6, field, errors);
                }
            });
        }
    }

    private static boolean isFeature(String name) {
        for (ImageFeature f : ImageFeature.values()) {
            if (f.wireName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** What ImageFeatureExtractor can produce; aspect ratio and file size have no hard upper bound, only absurd ones. */
    static double allowedMin(ImageFeature f) {
        return switch (f) {
            case DOMINANT_HUE -> -1;
            case ASPECT_RATIO -> 1e-6;
            default -> 0;
        };
    }

    static double allowedMax(ImageFeature f) {
        return switch (f) {
            case DOMINANT_HUE -> 360;
            case ASPECT_RATIO -> 10_000;
            case FILE_SIZE_KB -> 1024 * 1024;
            default -> f.rangeMax();
        };
    }

    private static void inRange(double v, double min, double max, String field, List<Map<String, String>> errors) {
        if (!Double.isFinite(v)) {
            errors.add(error(field, "must be a finite number, got " + v));
        } else if (v < min || v > max) {
            errors.add(error(field, "must be within [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(v)));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Model names and versions become parts of storage keys and metric tags: no separators, dots-only or control characters. */
    private static void requireName(String s, String field, List<Map<String, String>> errors) {
        requireText(s, field, errors);
        if (s != null
                && !s.isBlank()
                && s.length() <= MAX_ID_LENGTH
                && !NAME.matcher(s).matches()) {
            errors.add(error(field, "must be letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
    }

    private static void requireText(String s, String field, List<Map<String, String>> errors) {
        if (s == null || s.isBlank()) {
            errors.add(error(field, "is required"));
        } else if (s.length() > MAX_ID_LENGTH) {
            errors.add(error(field, "must be at most " + MAX_ID_LENGTH + " characters"));
        }
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("message", message);
        return m;
    }

    private static ProblemException problem(String detail, List<Map<String, String>> errors) {
        return new ProblemException(400, "invalid-events", "Bad request", detail).with("errors", errors);
    }
}
