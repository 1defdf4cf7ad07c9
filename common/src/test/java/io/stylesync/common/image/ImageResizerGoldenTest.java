package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins resizing and normalisation to Pillow. The inputs, Pillow's outputs and their hashes come from
 * {@code tools/golden_preprocess.py}; regenerate them there, never by hand.
 */
class ImageResizerGoldenTest {

    private static final ImageDecoder DECODER = new ImageDecoder(DecodeLimits.defaults());

    record GoldenCase(String input, ResizePolicy policy, int width, int height, String expected, String sha256) {
        @Override
        public String toString() {
            return input + " " + policy + " " + width + "x" + height;
        }
    }

    static Stream<GoldenCase> cases() {
        return rows("golden/cases.tsv").stream()
                .map(r -> new GoldenCase(
                        r[0], ResizePolicy.valueOf(r[1]), Integer.parseInt(r[2]), Integer.parseInt(r[3]), r[4], r[5]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPillowBilinearWithinOneLevel(GoldenCase c) throws Exception {
        RgbImage input = DECODER.decode(TestImages.resource("golden/inputs/" + c.input()));
        RgbImage expected = DECODER.decode(TestImages.resource("golden/expected/" + c.expected()));

        RgbImage actual = ImageResizer.resize(input, c.width(), c.height(), c.policy());

        assertThat(actual.width()).isEqualTo(c.width());
        assertThat(actual.height()).isEqualTo(c.height());
        assertThat(maxAbsDiff(actual.rgb(), expected.rgb()))
                .as("max |Java - Pillow|")
                .isLessThanOrEqualTo(1);
        assertThat(sha256(expected.rgb()))
                .as("expected PNG matches its recorded hash")
                .isEqualTo(c.sha256());
    }

    /** Stricter than the +/-1 contract: today the resampler reproduces Pillow bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesPillowBitForBit(GoldenCase c) throws Exception {
        RgbImage input = DECODER.decode(TestImages.resource("golden/inputs/" + c.input()));

        RgbImage actual = ImageResizer.resize(input, c.width(), c.height(), c.policy());

        assertThat(sha256(actual.rgb())).isEqualTo(c.sha256());
    }

    @Test
    void mobileNetV2AndImagenetTensorsArePinned() throws Exception {
        byte[] encoded = TestImages.resource("golden/inputs/scene-300x200.png");
        String resizedSha = cases().filter(c -> c.input().equals("scene-300x200.png")
                        && c.policy() == ResizePolicy.CENTER_CROP
                        && c.width() == 224
                        && c.height() == 224)
                .findFirst()
                .orElseThrow()
                .sha256();
        for (String name : List.of("mobilenetv2", "imagenet")) {
            PreprocessConfig config =
                    name.equals("mobilenetv2") ? PreprocessConfig.mobileNetV2(224) : PreprocessConfig.imagenet(224);
            ImagePreprocessor preprocessor = new ImagePreprocessor(config, DECODER);
            RgbImage resized = preprocessor.resize(DECODER.decode(encoded));
            float[] tensor = preprocessor.preprocess(encoded);

            assertThat(sha256(resized.rgb())).isEqualTo(resizedSha);
            assertThat(tensor).hasSize(3 * 224 * 224);
            List<String[]> probes = rows("golden/tensors.tsv").stream()
                    .filter(r -> r[0].equals(name))
                    .toList();
            assertThat(probes).hasSize(24);
            for (String[] probe : probes) {
                int index = Integer.parseInt(probe[1]);
                int channel = Integer.parseInt(probe[2]);
                int pixel = TestImages.pixel(resized, Integer.parseInt(probe[3]), Integer.parseInt(probe[4]))[channel];
                float byFormula = (pixel - config.mean()[channel]) / config.std()[channel];

                assertThat(pixel).isEqualTo(Integer.parseInt(probe[5]));
                assertThat(tensor[index])
                        .as("tensor[%d] of %s", index, name)
                        .isEqualTo(byFormula)
                        .isEqualTo((float) Double.parseDouble(probe[6]));
            }
        }
    }

    @Test
    void mobileNetV2MapsTheByteRangeToMinusOneOne() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessConfig.mobileNetV2(1), DECODER);

        float[] black = preprocessor.toTensor(new RgbImage(1, 1, new byte[] {0, 0, 0}));
        float[] white = preprocessor.toTensor(new RgbImage(1, 1, new byte[] {(byte) 255, (byte) 255, (byte) 255}));

        assertThat(black).containsExactly(-1f, -1f, -1f);
        assertThat(white).containsExactly(1f, 1f, 1f);
    }

    static int maxAbsDiff(byte[] a, byte[] b) {
        assertThat(a).hasSameSizeAs(b);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
        }
        return max;
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String[]> rows(String resource) {
        return new String(TestImages.resource(resource), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .skip(1)
                .map(line -> line.split("\t"))
                .toList();
    }
}
