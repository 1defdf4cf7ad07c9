package io.stylesync.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stylesync.common.model.ClassifierHead;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private static final double EPS = 1e-6;

    /**
     * Seven examples over classes a, b, c; the head returns exactly these probabilities (see {@link #identityHead}).
     * No confidence sits on a bin edge (multiples of 1/15).
     * <pre>
     *  #  p(a)  p(b)  p(c)  true  predicted  confidence  bin (k/15 < conf <= (k+1)/15)
     *  1  .70   .20   .10   a     a  ok      .70         10
     *  2  .65   .25   .10   b     a          .65          9
     *  3  .05   .85   .10   b     b  ok      .85         12
     *  4  .20   .50   .30   c     b          .50          7
     *  5  .05   .05   .90   c     c  ok      .90         13
     *  6  .30   .25   .45   b     c          .45          6
     *  7  .68   .12   .20   c     a          .68         10
     * </pre>
     */
    private static final float[][] P = {
        {.70f, .20f, .10f},
        {.65f, .25f, .10f},
        {.05f, .85f, .10f},
        {.20f, .50f, .30f},
        {.05f, .05f, .90f},
        {.30f, .25f, .45f},
        {.68f, .12f, .20f},
    };

    private static final int[] Y = {0, 1, 1, 2, 2, 1, 2};

    @Test
    void computesAccuracyConfusionAndPerClassMetricsByHand() {
        HeadEvaluation e = Evaluator.evaluate(identityHead("usage", List.of("a", "b", "c")), logits(P), Y);

        assertThat(e.attribute()).isEqualTo("usage");
        assertThat(e.count()).isEqualTo(7);
        // confusion rows = true class: a -> {a}; b -> {a, b, c}; c -> {b, c, a}
        assertThat(e.confusion()).isDeepEqualTo(new long[][] {{1, 0, 0}, {1, 1, 1}, {1, 1, 1}});
        assertThat(e.accuracy()).isCloseTo(3.0 / 7, within(EPS));
        // a: TP 1 of 3 predicted, 1 true -> P 1/3, R 1, F1 = 2(1/3)(1)/(4/3) = 0.5
        // b: TP 1 of 2 predicted, 3 true -> P 1/2, R 1/3, F1 = 2(1/6)/(5/6) = 0.4
        // c: TP 1 of 2 predicted, 3 true -> P 1/2, R 1/3, F1 = 0.4
        assertThat(e.perClass().get("a")).satisfies(m -> {
            assertThat(m.precision()).isCloseTo(1.0 / 3, within(EPS));
            assertThat(m.recall()).isCloseTo(1.0, within(EPS));
            assertThat(m.f1()).isCloseTo(0.5, within(EPS));
            assertThat(m.support()).isEqualTo(1);
        });
        assertThat(e.perClass().get("b").f1()).isCloseTo(0.4, within(EPS));
        assertThat(e.perClass().get("b").support()).isEqualTo(3);
        assertThat(e.perClass().get("c").recall()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(e.perClass().keySet()).containsExactly("a", "b", "c");
        // macro F1 = (0.5 + 0.4 + 0.4) / 3
        assertThat(e.macroF1()).isCloseTo(1.3 / 3, within(EPS));
        // three classes: the true class is always among the top 5
        assertThat(e.top5Accuracy()).isEqualTo(1.0);
    }

    @Test
    void expectedCalibrationErrorAveragesWithinBinsBeforeTakingTheGap() {
        HeadEvaluation e = Evaluator.evaluate(identityHead("usage", List.of("a", "b", "c")), logits(P), Y);

        // bin 10 holds #1 (right, .70) and #7 (wrong, .68): |1/2 - .69| = .19, weight 2/7.
        // singleton bins, |accuracy - confidence|: #2 wrong .65 -> .65, #3 right .85 -> .15,
        // #4 wrong .50 -> .50, #5 right .90 -> .10, #6 wrong .45 -> .45.
        // ECE = (2 * .19 + .65 + .15 + .50 + .10 + .45) / 7 = 2.23 / 7
        assertThat(e.expectedCalibrationError()).isCloseTo(2.23 / 7, within(EPS));
    }

    @Test
    void top5CountsTheTrueClassAmongTheFiveMostProbable() {
        List<String> seven = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6");
        float[] p = {.30f, .20f, .15f, .12f, .10f, .08f, .05f};
        float[][] rows = {p, p, p};
        // c4 is 5th most probable (hit), c5 6th (miss), c0 1st (hit, and the only top-1 hit)
        int[] y = {4, 5, 0};

        HeadEvaluation e = Evaluator.evaluate(identityHead("articleType", seven), logits(rows), y);

        assertThat(e.top5Accuracy()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(e.accuracy()).isCloseTo(1.0 / 3, within(EPS));
        // only c0, c4, c5 occur (as truth or prediction): c0 F1 = 2(1/3)(1)/(4/3) = .5, c4 and c5 F1 = 0
        assertThat(e.macroF1()).isCloseTo(0.5 / 3, within(EPS));
        assertThat(e.perClass().get("c6")).isEqualTo(new ClassMetrics(0, 0, 0, 0));
    }

    @Test
    void perfectConfidentPredictionsHaveNoCalibrationError() {
        float[][] rows = {{1, 0}, {0, 1}, {1, 0}};
        // logits far apart: probabilities 1.0 (to float precision), all correct -> ECE 0, F1 1
        ClassifierHead head =
                new ClassifierHead("gender", List.of("Men", "Women"), new float[][] {{40, 0}, {0, 40}}, new float[2]);

        HeadEvaluation e = Evaluator.evaluate(head, rows, new int[] {0, 1, 0});

        assertThat(e.accuracy()).isEqualTo(1.0);
        assertThat(e.macroF1()).isEqualTo(1.0);
        assertThat(e.expectedCalibrationError()).isCloseTo(0, within(EPS));
    }

    @Test
    void skipsExamplesWithoutATargetAndRejectsBadTargets() {
        ClassifierHead head = identityHead("usage", List.of("a", "b", "c"));
        int[] y = Y.clone();
        y[0] = -1;

        HeadEvaluation e = Evaluator.evaluate(head, logits(P), y);

        assertThat(e.count()).isEqualTo(6);
        assertThat(e.accuracy()).isCloseTo(2.0 / 6, within(EPS));
        assertThatThrownBy(() -> Evaluator.evaluate(head, logits(P), new int[] {0, 1, 1, 2, 2, 1, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example 6");
        assertThatThrownBy(() -> Evaluator.evaluate(head, logits(P), new int[] {-1, -1, -1, -1, -1, -1, -1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binsHaveInclusiveUpperEdges() {
        assertThat(Evaluator.bin(1.0)).isEqualTo(14);
        assertThat(Evaluator.bin(1.0 / 15)).isEqualTo(0);
        assertThat(Evaluator.bin(0.5)).isEqualTo(7);
        assertThat(Evaluator.bin(0.0)).isEqualTo(0);
    }

    /** softmax(I x + 0) with x = log p gives back p: the tests state probabilities directly. */
    static ClassifierHead identityHead(String attribute, List<String> classes) {
        int c = classes.size();
        float[][] w = new float[c][c];
        for (int k = 0; k < c; k++) {
            w[k][k] = 1;
        }
        return new ClassifierHead(attribute, classes, w, new float[c]);
    }

    static float[][] logits(float[][] probabilities) {
        List<float[]> rows = new ArrayList<>();
        for (float[] p : probabilities) {
            float[] x = new float[p.length];
            for (int k = 0; k < p.length; k++) {
                x[k] = (float) Math.log(p[k]);
            }
            rows.add(x);
        }
        return rows.toArray(float[][]::new);
    }
}
