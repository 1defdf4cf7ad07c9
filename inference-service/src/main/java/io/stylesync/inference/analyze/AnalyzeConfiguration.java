package io.stylesync.inference.analyze;

import io.stylesync.inference.analyze.colour.DominantColours;
import io.stylesync.inference.analyze.colour.LightingCorrection;
import io.stylesync.inference.analyze.face.EyeDetector;
import io.stylesync.inference.analyze.face.FaceDetector;
import io.stylesync.inference.analyze.skin.SkinClassifier;
import io.stylesync.inference.analyze.skin.SkinSampler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyzeProperties.class)
class AnalyzeConfiguration {

    @Bean
    ColourAnalyzer colourAnalyzer(AnalyzeProperties props) {
        return create(props);
    }

    static ColourAnalyzer create(AnalyzeProperties props) {
        FaceDetector faces = new FaceDetector(new FaceDetector.Settings(
                props.detectMaxSide(),
                FaceDetector.Settings.defaults().scaleFactor(),
                props.minNeighbors(),
                FaceDetector.Settings.defaults().minFaceShare()));
        DominantColours colours = new DominantColours(new DominantColours.Settings(
                props.colours(),
                props.seed(),
                props.colourSamples(),
                DominantColours.Settings.defaults().maxIterations()));
        return new ColourAnalyzer(
                faces,
                new EyeDetector(),
                new SkinSampler(
                        SkinClassifier.fromClasspath(),
                        new SkinSampler.LightnessTrim(props.skinTrimLower(), props.skinTrimUpper())),
                colours,
                new ColourAnalyzer.Settings(props.minSkinPixels(), props.minSkinShare(), props.zonesFromEyes()),
                new LightingCorrection(props.illuminant()));
    }
}
