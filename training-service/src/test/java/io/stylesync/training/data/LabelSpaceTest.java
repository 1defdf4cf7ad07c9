package io.stylesync.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSpaceTest {

    /** Shirts x5, Jeans x4, Watches x3, Belts x2, Socks x1. */
    private static final List<String> TRAIN = labels("Shirts", 5, "Jeans", 4, "Watches", 3, "Belts", 2, "Socks", 1);

    @Test
    void keepsEveryLabelSortedByNameWhenNothingIsFolded() {
        LabelSpace space = LabelSpace.fit("articleType", TRAIN, 0, 0);

        assertThat(space.classes()).containsExactly("Belts", "Jeans", "Shirts", "Socks", "Watches");
        assertThat(space.hasOther()).isFalse();
        assertThat(space.attribute()).isEqualTo("articleType");
        assertThat(space.index("Shirts")).isEqualTo(2);
        assertThat(space.index("Sarees")).as("unseen, and no Other to take it").isEqualTo(-1);
    }

    @Test
    void foldsLabelsBelowMinCountIntoATrailingOther() {
        LabelSpace space = LabelSpace.fit("articleType", TRAIN, 0, 3);

        assertThat(space.classes()).containsExactly("Jeans", "Shirts", "Watches", "Other");
        assertThat(space.hasOther()).isTrue();
        assertThat(space.index("Belts")).isEqualTo(3);
        assertThat(space.index("Socks")).isEqualTo(3);
        assertThat(space.index("Sarees")).as("unseen in training").isEqualTo(3);
        assertThat(space.index("Watches")).isEqualTo(2);
    }

    @Test
    void keepsTheTopKMostFrequentAndBreaksCountTiesByName() {
        List<String> train = labels("Tops", 3, "Bags", 3, "Caps", 3, "Shoes", 9);

        LabelSpace space = LabelSpace.fit("articleType", train, 3, 1);

        // Shoes (9) then the 3-count tie ordered by name: Bags, Caps; Tops is cut.
        assertThat(space.classes()).containsExactly("Bags", "Caps", "Shoes", "Other");
        assertThat(space.index("Tops")).isEqualTo(3);
    }

    @Test
    void topKAndMinCountCombine() {
        LabelSpace space = LabelSpace.fit("articleType", TRAIN, 4, 2);

        // minCount 2 drops Socks; top 4 of the remaining four keeps them all; Socks still folds.
        assertThat(space.classes()).containsExactly("Belts", "Jeans", "Shirts", "Watches", "Other");
    }

    @Test
    void topKLargerThanTheLabelCountFoldsNothing() {
        assertThat(LabelSpace.fit("articleType", TRAIN, 50, 1).hasOther()).isFalse();
    }

    @Test
    void aTrainingLabelNamedOtherIsTheFoldClass() {
        List<String> train = labels("Other", 10, "Shirts", 5, "Jeans", 4);

        LabelSpace space = LabelSpace.fit("articleType", train, 0, 0);

        assertThat(space.classes()).containsExactly("Jeans", "Shirts", "Other");
        assertThat(space.index("Other")).isEqualTo(2);
    }

    @Test
    void missingLabelsAreNeitherCountedNorMapped() {
        List<String> train = new ArrayList<>(labels("Men", 3, "Women", 3));
        train.add(null);
        train.add(" ");

        LabelSpace space = LabelSpace.fit("gender", train, 0, 0);

        assertThat(space.classes()).containsExactly("Men", "Women");
        assertThat(space.index(null)).isEqualTo(-1);
        assertThat(space.index("")).isEqualTo(-1);
        assertThat(space.indices(Arrays.asList("Women", null, "Men"))).containsExactly(1, -1, 0);
    }

    @Test
    void rejectsALabelSpaceWithFewerThanTwoClasses() {
        assertThatThrownBy(() -> LabelSpace.fit("gender", labels("Men", 4), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gender");
        // Everything folded: only Other would remain.
        assertThatThrownBy(() -> LabelSpace.fit("articleType", TRAIN, 0, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSpace.fit("articleType", TRAIN, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoresFromAClassList() {
        LabelSpace fitted = LabelSpace.fit("articleType", TRAIN, 0, 3);

        LabelSpace restored = LabelSpace.of("articleType", fitted.classes());

        assertThat(restored.classes()).isEqualTo(fitted.classes());
        assertThat(restored.hasOther()).isTrue();
        assertThat(restored.index("Socks")).isEqualTo(fitted.index("Socks"));
        assertThatThrownBy(() -> LabelSpace.of("a", List.of("Other", "Jeans")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSpace.of("a", List.of("Jeans", "Jeans")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> labels(Object... labelAndCount) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labelAndCount.length; i += 2) {
            for (int k = 0; k < (Integer) labelAndCount[i + 1]; k++) {
                out.add((String) labelAndCount[i]);
            }
        }
        return out;
    }
}
