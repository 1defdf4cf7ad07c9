package io.stylesync.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The window forgets what slid out of it, by count or by time, in constant memory. */
class DriftWindowTest {

    private static final NumericColumn X =
            NumericColumn.of("x", DriftKind.IMAGE, new double[] {1, 2, 3, 4, 5, 6, 7}, 1000);
    private static final CategoricalColumn LABEL =
            CategoricalColumn.of("label", DriftKind.PREDICTION, Map.of("a", 5L, "b", 5L));

    @Test
    void aCountWindowKeepsTheLastBucketsOnly() {
        DriftWindow w = new DriftWindow(List.of(X), List.of(LABEL), DriftWindow.Policy.count(3, 10), () -> 0L);
        for (int i = 0; i < 100; i++) {
            w.add(new double[] {i < 70 ? 1 : 7}, new String[] {i < 70 ? "a" : "b"});
        }
        DriftWindow.Snapshot s = w.snapshot();
        // buckets of 10, 3 kept: the last 30 events (the current bucket is full)
        assertThat(s.events()).isEqualTo(30);
        assertThat(s.numeric(0).n()).isEqualTo(30);
        assertThat(s.numeric(0).min()).isEqualTo(7);
        assertThat(s.categorical(1, 0).count(s.categories().get(0).indexOf("b")))
                .isEqualTo(30);
        assertThat(s.categorical(1, 0).count(s.categories().get(0).indexOf("a")))
                .isZero();
    }

    @Test
    void aTimeWindowForgetsOldBucketsEvenWithoutNewEvents() {
        AtomicLong now = new AtomicLong(1_000_000);
        DriftWindow w = new DriftWindow(
                List.of(X), List.of(), new DriftWindow.Policy(4, 1, Duration.ofMinutes(1), 16, true), now::get);
        w.add(new double[] {2}, new String[0]);
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        w.add(new double[] {3}, new String[0]);
        assertThat(w.events()).isEqualTo(2);
        now.addAndGet(Duration.ofMinutes(3).toMillis());
        assertThat(w.events()).isEqualTo(1);
        now.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThat(w.snapshot().events()).isZero();
    }

    @Test
    void batchesAndSingleEventsCountTheSame() {
        DriftWindow one = new DriftWindow(List.of(X), List.of(LABEL), DriftWindow.Policy.count(4, 7), () -> 0L);
        DriftWindow batch = new DriftWindow(List.of(X), List.of(LABEL), DriftWindow.Policy.count(4, 7), () -> 0L);
        double[] values = new double[45];
        String[] labels = new String[45];
        for (int i = 0; i < 45; i++) {
            values[i] = i % 9;
            labels[i] = i % 4 == 0 ? "new" : "a";
            one.add(new double[] {values[i]}, new String[] {labels[i]});
        }
        batch.addBatch(new double[][] {values}, new String[][] {labels}, 45);
        DriftWindow.Snapshot a = one.snapshot();
        DriftWindow.Snapshot b = batch.snapshot();
        // 4 buckets of 7: after 45 events, three full buckets and the current one with 3
        assertThat(b.events()).isEqualTo(a.events()).isEqualTo(24);
        assertThat(b.numeric(0).cells).isEqualTo(a.numeric(0).cells);
        assertThat(b.categories()).isEqualTo(a.categories());
    }

    @Test
    void newLabelsBeyondTheVocabularyShareOneCategory() {
        DriftWindow w =
                new DriftWindow(List.of(), List.of(LABEL), new DriftWindow.Policy(1, 1000, null, 4, false), () -> 0L);
        for (int i = 0; i < 10; i++) {
            w.add(new double[0], new String[] {"label-" + i});
        }
        List<String> categories = w.snapshot().categories().get(0);
        assertThat(categories).hasSize(4).contains(DriftWindow.OTHER_CATEGORY);
    }
}
