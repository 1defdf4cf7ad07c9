package io.stylesync.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.dataset.SplitRatios;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitterTest {

    private static List<DatasetRecord> records(int perClassA, int perClassB) {
        List<DatasetRecord> out = new ArrayList<>();
        IntStream.range(0, perClassA).forEach(i -> out.add(record("a" + i, "A")));
        IntStream.range(0, perClassB).forEach(i -> out.add(record("b" + i, "B")));
        return out;
    }

    private static DatasetRecord record(String id, String label) {
        return new DatasetRecord(
                id, null, Map.of("cls", label), Map.of(), "images/" + id + ".jpg", id, id, "e", 1, 1, 1, Map.of());
    }

    private static Map<String, Split> assignment(List<DatasetRecord> split) {
        return split.stream().collect(Collectors.toMap(DatasetRecord::id, DatasetRecord::split));
    }

    @Test
    void sameInputAndSeedGiveTheSameSplitWhateverTheOrder() {
        List<DatasetRecord> input = records(500, 120);
        List<DatasetRecord> shuffled = new ArrayList<>(input);
        Collections.shuffle(shuffled, new Random(3));

        var first = assignment(StratifiedSplitter.split(input, "cls", SplitRatios.defaults(), 42));
        var second = assignment(StratifiedSplitter.split(shuffled, "cls", SplitRatios.defaults(), 42));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        List<DatasetRecord> input = records(500, 120);
        assertThat(assignment(StratifiedSplitter.split(input, "cls", SplitRatios.defaults(), 1)))
                .isNotEqualTo(assignment(StratifiedSplitter.split(input, "cls", SplitRatios.defaults(), 2)));
    }

    @Test
    void eachClassIsSplitInProportion() {
        var split = StratifiedSplitter.split(records(500, 120), "cls", new SplitRatios(0.7, 0.2, 0.1), 42);
        Map<String, Map<Split, Long>> counts = split.stream()
                .collect(Collectors.groupingBy(
                        r -> r.labels().get("cls"),
                        Collectors.groupingBy(DatasetRecord::split, Collectors.counting())));
        assertThat(counts.get("A")).isEqualTo(Map.of(Split.TRAIN, 350L, Split.VAL, 100L, Split.TEST, 50L));
        assertThat(counts.get("B")).isEqualTo(Map.of(Split.TRAIN, 84L, Split.VAL, 24L, Split.TEST, 12L));
    }

    @Test
    void aSingletonClassGoesToTrain() {
        var split = StratifiedSplitter.split(records(0, 1), "cls", SplitRatios.defaults(), 42);
        assertThat(split).singleElement().extracting(DatasetRecord::split).isEqualTo(Split.TRAIN);
        var two = StratifiedSplitter.split(records(0, 2), "cls", new SplitRatios(0.1, 0.45, 0.45), 42);
        assertThat(two.stream().map(DatasetRecord::split)).contains(Split.TRAIN);
    }

    @Test
    void addingImagesMovesFewExistingOnes() {
        var before = assignment(StratifiedSplitter.split(records(1000, 0), "cls", SplitRatios.defaults(), 42));
        var after = assignment(StratifiedSplitter.split(records(1010, 0), "cls", SplitRatios.defaults(), 42));
        long moved = before.keySet().stream()
                .filter(id -> before.get(id) != after.get(id))
                .count();
        assertThat(moved).isLessThanOrEqualTo(20);
        assertThat(before.keySet().stream().map(Function.identity()).count()).isEqualTo(1000);
    }
}
