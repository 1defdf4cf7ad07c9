package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.face.FaceBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection quality on the annotated group photos of {@code ../shared/datasets/faces/annotated} (43 faces in 9
 * PASCAL VOC images, most only 37–60 px wide), with the service's default settings. A face counts as found when a
 * detection overlaps it with IoU ≥ 0.5 (one-to-one, greedy). Also checked: the face {@code /analyze} would pick
 * (the largest detection that passes the skin check) is a real face.
 */
class FaceDetectionQualityTest {

    private static ColourAnalyzer analyzer;

    @BeforeAll
    static void load() {
        analyzer = AnalyzeConfiguration.create(AnalyzeProperties.defaults());
    }

    record Score(int faces, int found, int detections, int chosenHits, int images) {

        double recall() {
            return found / (double) faces;
        }

        double precision() {
            return detections == 0 ? 0 : found / (double) detections;
        }

        Score plus(Score o) {
            return new Score(
                    faces + o.faces,
                    found + o.found,
                    detections + o.detections,
                    chosenHits + o.chosenHits,
                    images + o.images);
        }
    }

    static Score score(List<AnnotatedFaces> set) throws Exception {
        Score total = new Score(0, 0, 0, 0, 0);
        for (AnnotatedFaces image : set) {
            RgbImage rgb = image.decode();
            List<FaceBox> detected = analyzer.detector().detect(rgb);
            int found = matches(image.boxes(), detected);
            Optional<ColourAnalyzer.Face> chosen = analyzer.findFace(rgb, detected);
            boolean chosenHit = chosen.isPresent()
                    && image.boxes().stream().anyMatch(b -> b.iou(chosen.get().box()) >= 0.5);
            total = total.plus(new Score(image.boxes().size(), found, detected.size(), chosenHit ? 1 : 0, 1));
        }
        return total;
    }

    static int matches(List<FaceBox> truth, List<FaceBox> detected) {
        List<FaceBox> left = new ArrayList<>(detected);
        int found = 0;
        for (FaceBox t : truth) {
            FaceBox best = null;
            for (FaceBox d : left) {
                if (t.iou(d) >= 0.5 && (best == null || t.iou(d) > t.iou(best))) {
                    best = d;
                }
            }
            if (best != null) {
                left.remove(best);
                found++;
            }
        }
        return found;
    }

    @Test
    void findsMostAnnotatedFacesAndPicksARealOne() throws Exception {
        Score training = score(AnnotatedFaces.load("training.xml"));
        Score testing = score(AnnotatedFaces.load("testing.xml"));
        Score all = training.plus(testing);
        System.out.printf(
                "face detection (IoU >= 0.5): training.xml %d/%d, testing.xml %d/%d; all: recall %.3f "
                        + "(%d/%d), precision %.3f (%d detections); face chosen by /analyze is a true face in "
                        + "%d/%d images%n",
                training.found(),
                training.faces(),
                testing.found(),
                testing.faces(),
                all.recall(),
                all.found(),
                all.faces(),
                all.precision(),
                all.detections(),
                all.chosenHits(),
                all.images());
        assertThat(all.recall()).as("share of annotated faces found").isGreaterThanOrEqualTo(0.85);
        assertThat(all.precision())
                .as("share of detections that are annotated faces")
                .isGreaterThanOrEqualTo(0.85);
        assertThat(all.chosenHits())
                .as("images whose analysed face is a true face")
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void dogsHaveNoHumanFace() throws Exception {
        RgbImage dogs = new AnnotatedFaces(
                        "dogs.jpg",
                        io.stylesync.common.testing.SharedData.require(
                                AnnotatedFaces.DIR.resolve("dogs.jpg").toString()),
                        List.of())
                .decode();
        assertThat(analyzer.findFace(dogs, analyzer.detector().detect(dogs))).isEmpty();
    }
}
