package io.stylesync.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.JpegSegments;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DecodedImageTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    @Test
    void onlyUprightThreeChannelJpegsArePlain() throws Exception {
        byte[] jpeg = ImageCorpus.jpeg(40, 30, 1);
        assertThat(decoder.decodeDetailed(jpeg).plainJpeg()).isTrue();
        assertThat(decoder.decodeDetailed(jpeg).image().width()).isEqualTo(40);
        assertThat(decoder.decodeDetailed(ImageCorpus.cmykJpeg(40, 30)).plainJpeg())
                .isFalse();
        assertThat(decoder.decodeDetailed(ImageCorpus.png(40, 30, 1)).plainJpeg())
                .isFalse();
        byte[] rotated =
                JpegSegments.insertAfterSoi(jpeg, JpegSegments.exifOrientationSegment(6, ByteOrder.BIG_ENDIAN));
        DecodedImage r = decoder.decodeDetailed(rotated);
        assertThat(r.plainJpeg()).isFalse();
        assertThat(r.image().width()).isEqualTo(30);
    }
}
