package io.stylesync.inference.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One analyser shared by request threads (one OpenCV classifier per thread) gives each thread the same answer. */
class ConcurrentAnalysisTest {

    @Test
    void concurrentCallsAgreeWithASequentialOne() throws Exception {
        ColourAnalyzer analyzer = AnalyzeConfiguration.create(AnalyzeProperties.defaults());
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<RgbImage> images = new ArrayList<>();
        for (String name : List.of("face.jpg", "grace_hopper.bmp", "astronaut.png")) {
            images.add(decoder.decode(Files.readAllBytes(SharedData.require("datasets/faces/portraits/" + name))));
        }
        List<ColourAnalysis> expected = images.stream().map(analyzer::analyze).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ColourAnalysis>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (RgbImage image : images) {
                    futures.add(pool.submit(() -> analyzer.analyze(image)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                ColourAnalysis got = futures.get(i).get();
                ColourAnalysis want = expected.get(i % images.size());
                assertThat(got.faceBox()).isEqualTo(want.faceBox());
                assertThat(got.skinTone()).isEqualTo(want.skinTone());
                assertThat(got.season()).isEqualTo(want.season());
                assertThat(got.outfit()).isEqualTo(want.outfit());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
