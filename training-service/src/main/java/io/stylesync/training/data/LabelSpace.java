package io.stylesync.training.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classes one head predicts for one attribute, fixed from the training split.
 *
 * <p>Folding rule: a training label is kept as its own class when it has at least {@code minCount} training
 * examples and is among the {@code topK} most frequent such labels ({@code topK = 0}: no limit; equal counts
 * are ranked by name, so the cut is deterministic). Kept classes are sorted by name. Every other label is
 * folded into one last class {@value #OTHER}, which exists only when something was folded. A training label
 * spelled {@value #OTHER} is that fold class, never a class of its own.
 *
 * <p>{@link #index} maps any label, including one never seen in training, to its class; labels that are not
 * kept go to {@value #OTHER} when it exists and to {@code -1} otherwise. {@code null} and blank labels are
 * missing values: {@link #fit} ignores them and {@link #index} returns {@code -1} for them. Index {@code -1}
 * means "no target for this head": the trainer and the evaluator skip such examples for this head.
 */
public final class LabelSpace {

    public static final String OTHER = "Other";

    private final String attribute;
    private final List<String> classes;
    private final Map<String, Integer> indexByLabel;
    private final boolean hasOther;

    private LabelSpace(String attribute, List<String> kept, boolean hasOther) {
        this.attribute = attribute;
        List<String> all = new ArrayList<>(kept);
        if (hasOther) {
            all.add(OTHER);
        }
        this.classes = List.copyOf(all);
        this.hasOther = hasOther;
        this.indexByLabel = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            indexByLabel.put(classes.get(i), i);
        }
    }

    /**
     * @param trainLabels one label per training example (repeats carry the counts)
     * @param topK        most classes kept besides {@value #OTHER}; 0 keeps every label with enough examples
     * @param minCount    fewest training examples a label needs to be kept
     * @throws IllegalArgumentException if fewer than two classes would remain: such a head predicts nothing
     */
    public static LabelSpace fit(String attribute, Collection<String> trainLabels, int topK, int minCount) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(trainLabels, "trainLabels");
        if (topK < 0 || minCount < 0) {
            throw new IllegalArgumentException(
                    "topK and minCount must be >= 0: topK=" + topK + ", minCount=" + minCount);
        }
        Map<String, Long> counts = new HashMap<>();
        for (String label : trainLabels) {
            if (!isMissing(label)) {
                counts.merge(label, 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> candidates = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (!e.getKey().equals(OTHER) && e.getValue() >= minCount) {
                candidates.add(e);
            }
        }
        candidates.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey));
        int keep = topK == 0 ? candidates.size() : Math.min(topK, candidates.size());
        List<String> kept = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            kept.add(candidates.get(i).getKey());
        }
        kept.sort(Comparator.naturalOrder());
        boolean folded = kept.size() < counts.size();
        int total = kept.size() + (folded ? 1 : 0);
        if (total < 2) {
            throw new IllegalArgumentException("attribute " + attribute + ": " + counts.size()
                    + " distinct training labels leave " + total + " class(es) with topK=" + topK
                    + ", minCount=" + minCount + "; a head needs at least two");
        }
        return new LabelSpace(attribute, kept, folded);
    }

    /**
     * A label space restored from its class list (e.g. a model bundle's): {@value #OTHER} is the fold class
     * when it is the last entry.
     */
    public static LabelSpace of(String attribute, List<String> classes) {
        Objects.requireNonNull(attribute, "attribute");
        if (classes.size() < 2
                || classes.stream().anyMatch(LabelSpace::isMissing)
                || classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException(
                    "attribute " + attribute + ": need at least two distinct, non-blank classes: " + classes);
        }
        boolean other = classes.get(classes.size() - 1).equals(OTHER);
        if (classes.subList(0, classes.size() - 1).contains(OTHER)) {
            throw new IllegalArgumentException(
                    "attribute " + attribute + ": " + OTHER + " must be the last class: " + classes);
        }
        return new LabelSpace(attribute, other ? classes.subList(0, classes.size() - 1) : classes, other);
    }

    /** The class index of {@code label}; see the class comment for folded, unseen and missing labels. */
    public int index(String label) {
        if (isMissing(label)) {
            return -1;
        }
        Integer i = indexByLabel.get(label);
        if (i != null) {
            return i;
        }
        return hasOther ? classes.size() - 1 : -1;
    }

    /** {@link #index} of each label, in order: the target array the trainer and the evaluator take. */
    public int[] indices(List<String> labels) {
        int[] y = new int[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = index(labels.get(i));
        }
        return y;
    }

    public List<String> classes() {
        return classes;
    }

    public int size() {
        return classes.size();
    }

    public String attribute() {
        return attribute;
    }

    public boolean hasOther() {
        return hasOther;
    }

    private static boolean isMissing(String label) {
        return label == null || label.isBlank();
    }

    @Override
    public String toString() {
        return "LabelSpace[" + attribute + ": " + classes + "]";
    }
}
