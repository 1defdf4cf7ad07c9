package io.stylesync.common.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptionsTest {

    @Test
    void anItemIsDescribedByItsDisplayNameAndAnAttributePhrase() {
        Map<String, String> labels = Map.of(
                "gender", "Men",
                "articleType", "Shirts",
                "baseColour", "Navy Blue",
                "usage", "Casual",
                "productDisplayName", "Turtle Check Men Navy Blue Shirt");

        assertThat(Captions.of(labels))
                .containsExactly("Turtle Check Men Navy Blue Shirt", "men navy blue shirts casual");
        assertThat(Captions.forTraining(labels))
                .containsExactly(
                        "Turtle Check Men Navy Blue Shirt",
                        "men navy blue shirts casual",
                        "navy blue shirts for men",
                        "navy blue shirts");
        assertThat(Captions.attributePhrase(Map.of("gender", "Women", "articleType", "Dresses", "baseColour", "Red")))
                .isEqualTo("women red dresses");
    }

    @Test
    void aCatalogueWithoutDisplayNamesStillHasACaptionAndMissingValuesAreLeftOut() {
        assertThat(Captions.of(Map.of("articleType", "Watches", "baseColour", "NA", "gender", " ")))
                .containsExactly("watches");
        assertThat(Captions.of(Map.of())).isEmpty();
    }
}
