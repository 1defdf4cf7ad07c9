package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Product photos without people (footwear, watches, bags) must not yield a face: the false-positive side. */
class ProductPhotoFaceTest {

    static final List<String> WITHOUT_PEOPLE = List.of(
            "Casual Shoes", "Sports Shoes", "Formal Shoes", "Watches", "Handbags", "Wallets", "Belts", "Sunglasses");

    /** Ids (sorted) of styles.csv rows of these article types that have an image. */
    static List<Path> photos(int limit) throws Exception {
        Path root = SharedData.require("datasets/fashion-products");
        List<String> lines = Files.readAllLines(root.resolve("styles.csv"));
        List<String> header = List.of(lines.getFirst().split(","));
        int id = header.indexOf("id");
        int articleType = header.indexOf("articleType");
        List<Path> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length > articleType && WITHOUT_PEOPLE.contains(f[articleType])) {
                Path image = root.resolve("images").resolve(f[id] + ".jpg");
                if (Files.exists(image)) {
                    out.add(image);
                }
            }
        }
        return out.stream().sorted().limit(limit).toList();
    }

    @Test
    void almostNoFaceInProductPhotosWithoutPeople() throws Exception {
        ColourAnalyzer analyzer = AnalyzeConfiguration.create(AnalyzeProperties.defaults());
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<Path> photos = photos(150);
        List<String> withFace = new ArrayList<>();
        for (Path p : photos) {
            RgbImage rgb = decoder.decode(Files.readAllBytes(p));
            if (analyzer.findFace(rgb, analyzer.detector().detect(rgb)).isPresent()) {
                withFace.add(p.getFileName().toString());
            }
        }
        System.out.printf(
                "product photos without people: %d/%d wrongly yield a face %s%n",
                withFace.size(), photos.size(), withFace);
        assertThat(photos).hasSize(150);
        assertThat(withFace.size())
                .as("false faces in " + photos.size() + " photos")
                .isLessThanOrEqualTo(3);
    }
}
