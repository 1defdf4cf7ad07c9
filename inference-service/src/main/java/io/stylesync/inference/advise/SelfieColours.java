package io.stylesync.inference.advise;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.ColourAnalysis;
import io.stylesync.inference.analyze.ColourAnalyzer;
import io.stylesync.inference.predict.ImageEmbedder;
import org.springframework.stereotype.Component;

/** A selfie's colour analysis as the advisor uses it: the season and the catalogue colours to wear and avoid. */
@Component
public class SelfieColours {

    private final ImageEmbedder images;
    private final ColourAnalyzer analyzer;

    public SelfieColours(ImageEmbedder images, ColourAnalyzer analyzer) {
        this.images = images;
        this.analyzer = analyzer;
    }

    /** @throws io.stylesync.common.error.ProblemException 4xx for an unreadable image or a photo without a face */
    public ColourProfile profileOf(byte[] bytes, String what) {
        RgbImage image = images.decode(bytes, what).image();
        ColourAnalysis analysis = analyzer.analyze(image);
        return new ColourProfile(
                analysis.season(),
                analysis.palette().wearBaseColours(),
                analysis.palette().avoidBaseColours());
    }
}
