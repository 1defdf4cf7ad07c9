package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.JpegSegments;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImageDecoderConcurrencyTest {

    @Test
    void concurrentDecodesGiveTheSameResultsAsSequentialOnes() throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<byte[]> inputs = List.of(
                ImageCorpus.jpeg(TestImages.gradient(120, 80), 0.9f),
                JpegSegments.insertAfterSoi(
                        ImageCorpus.jpeg(TestImages.gradient(50, 30), 0.9f),
                        JpegSegments.exifOrientationSegment(8, ByteOrder.BIG_ENDIAN)),
                ImageCorpus.encode(TestImages.gradient(70, 90), "png"),
                ImageCorpus.encode(TestImages.gradient(33, 21), "gif"),
                ImageCorpus.encode(TestImages.gradient(64, 64), "bmp"),
                TestImages.resource("formats/scene-40x30-lossy.webp"));
        List<byte[]> expected = new ArrayList<>();
        for (byte[] input : inputs) {
            expected.add(decoder.decode(input).rgb());
        }

        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int offset = t;
            tasks.add(() -> {
                for (int round = 0; round < 30; round++) {
                    int i = (offset + round) % inputs.size();
                    if (!java.util.Arrays.equals(decoder.decode(inputs.get(i)).rgb(), expected.get(i))) {
                        return false;
                    }
                }
                return true;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        }
    }
}
