package io.stylesync.inference.analyze;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.ColourAnalysis.Box;
import io.stylesync.inference.analyze.colour.ColourSpace;
import io.stylesync.inference.analyze.colour.DominantColours;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.colour.LightingCorrection;
import io.stylesync.inference.analyze.face.EyeDetector;
import io.stylesync.inference.analyze.face.Eyes;
import io.stylesync.inference.analyze.face.FaceBox;
import io.stylesync.inference.analyze.face.FaceDetector;
import io.stylesync.inference.analyze.palette.Season;
import io.stylesync.inference.analyze.palette.SeasonalPalettes;
import io.stylesync.inference.analyze.palette.SkinToneCategory;
import io.stylesync.inference.analyze.palette.Undertone;
import io.stylesync.inference.analyze.skin.SkinRegion;
import io.stylesync.inference.analyze.skin.SkinSampler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Colour analysis of a selfie or outfit photo. The image is first corrected for the colour and level of the light
 * ({@link LightingCorrection}, estimated outside the detected faces); the face is the largest detection whose
 * sampled zones are at least {@link Settings#minSkinShare()} skin in the corrected image (a Haar false positive on
 * a pattern or a wall rarely is); skin tone, undertone and season come from the median CIELAB of its skin pixels,
 * the same measure on the uncorrected image is reported beside it; the outfit's dominant colours come from the
 * area below the face, as uploaded. Thread-safe; the plain Java entry point for the controller, the style advisor and the web page.
 */
public final class ColourAnalyzer {

    /**
     * @param minSkinPixels fewest skin pixels a face must yield
     * @param minSkinShare  smallest share of the sampled zones that must be skin for a detection to count as a face
     * @param zonesFromEyes place the skin zones from the eyes when both are found (else always from the face box)
     */
    public record Settings(int minSkinPixels, double minSkinShare, boolean zonesFromEyes) {

        public static Settings defaults() {
            return new Settings(50, 0.3, true);
        }
    }

    private final FaceDetector faces;
    private final EyeDetector eyes;
    private final SkinSampler skin;
    private final DominantColours colours;
    private final Settings settings;
    private final LightingCorrection lighting;

    public ColourAnalyzer(
            FaceDetector faces,
            EyeDetector eyes,
            SkinSampler skin,
            DominantColours colours,
            Settings settings,
            LightingCorrection lighting) {
        this.faces = faces;
        this.eyes = eyes;
        this.lighting = lighting;
        this.skin = skin;
        this.colours = colours;
        this.settings = settings;
    }

    /** A detection and its eyes, when both were found. */
    public record Located(FaceBox box, Optional<Eyes> eyes) {}

    /** A face candidate with its skin sample. */
    public record Face(Located located, SkinSampler.Sample sample) {

        public FaceBox box() {
            return located.box();
        }
    }

    /** The face analysis uses: the largest detection that passes the skin check, if any. */
    public Optional<Face> findFace(RgbImage image, List<FaceBox> detections) {
        return findLocated(image, detections, new EyeSearch(image));
    }

    /**
     * The eyes of each detection, looked for on one image when a detection is first examined: a group photo has
     * dozens of detections, and the search stops at the first that shows skin.
     */
    private final class EyeSearch {

        private final RgbImage image;
        private final Map<FaceBox, Optional<Eyes>> found = new HashMap<>();

        EyeSearch(RgbImage image) {
            this.image = image;
        }

        Located locate(FaceBox box) {
            return new Located(
                    box,
                    settings.zonesFromEyes() ? found.computeIfAbsent(box, b -> eyes.find(image, b)) : Optional.empty());
        }
    }

    private Optional<Face> findLocated(RgbImage image, List<FaceBox> detections, EyeSearch eyeSearch) {
        for (FaceBox box : detections) {
            Located candidate = eyeSearch.locate(box);
            SkinSampler.Sample sample = skin.sample(image, box, candidate.eyes());
            if (sample.skinPixels() >= settings.minSkinPixels() && sample.skinShare() >= settings.minSkinShare()) {
                return Optional.of(new Face(candidate, sample));
            }
        }
        return Optional.empty();
    }

    private static String noFaceDetail(RgbImage image) {
        if (Math.min(image.width(), image.height()) < FaceDetector.MIN_WINDOW) {
            return "The image is " + image.width() + "x" + image.height() + " pixels, too narrow to hold a face"
                    + " (both sides must be at least " + FaceDetector.MIN_WINDOW
                    + " pixels); upload a photo with a frontal face.";
        }
        return "No face was found in the image; upload a photo with a frontal face.";
    }

    public FaceDetector detector() {
        return faces;
    }

    /** @throws NoFaceFoundException when no detected face yields enough skin pixels */
    public ColourAnalysis analyze(RgbImage image) {
        long start = System.nanoTime();
        List<FaceBox> detections = faces.detect(image);
        long detected = System.nanoTime();
        // eyes on the photo as uploaded: the grey, equalised search barely depends on the light's colour, and both
        // samples below (corrected and as uploaded) then use the same zones
        EyeSearch eyeSearch = new EyeSearch(image);
        LightingCorrection.Result light = lighting.correct(image, detections);
        RgbImage corrected = light.image();
        // a detection is a face when its zones show skin as corrected or as uploaded: a correction thrown off by a
        // one-coloured background must not hide a face the uncorrected photo shows
        Face face = findLocated(corrected, detections, eyeSearch)
                .or(() -> findLocated(image, detections, eyeSearch).map(f -> {
                    SkinSampler.Sample inCorrected =
                            skin.sample(corrected, f.box(), f.located().eyes());
                    return inCorrected.skinPixels() >= settings.minSkinPixels()
                            ? new Face(f.located(), inCorrected)
                            : f;
                }))
                .orElseThrow(() -> new NoFaceFoundException(
                        detections.isEmpty()
                                ? noFaceDetail(image)
                                : "No face was found in the image: " + detections.size()
                                        + " face-like area(s) showed too little skin"
                                        + " to analyse; upload a well-lit photo with a frontal face."));
        FaceBox box = face.box();
        SkinSampler.Sample sample = face.sample();
        Lab skinLab = sample.medianLab();
        double ita = ColourSpace.ita(skinLab);
        Undertone undertone = Undertone.of(skinLab);
        double contrast = contrast(corrected, box, skinLab);
        SkinSampler.Sample raw = skin.sample(image, box, face.located().eyes());
        ColourAnalysis.Uncorrected uncorrected = raw.skinPixels() == 0
                ? null
                : new ColourAnalysis.Uncorrected(
                        round(ColourSpace.ita(raw.medianLab()), 2),
                        SkinToneCategory.ofIta(ColourSpace.ita(raw.medianLab())).label(),
                        Undertone.of(raw.medianLab()).label(),
                        raw.medianLab().rounded());
        Season season = Season.of(undertone, ita, skinLab.hue(), contrast);
        long skinDone = System.nanoTime();

        OutfitArea area = outfitArea(image, box);
        List<DominantColours.Colour> dominant =
                colours.of(image, area.box.x(), area.box.y(), area.box.width(), area.box.height());
        long end = System.nanoTime();

        List<ColourAnalysis.Zone> zones = sample.zones().stream()
                .map(z -> new ColourAnalysis.Zone(z.name(), z.x(), z.y(), z.width(), z.height()))
                .toList();
        return new ColourAnalysis(
                new ColourAnalysis.ImageSize(image.width(), image.height()),
                new Box(box.x(), box.y(), box.width(), box.height()),
                detections.size(),
                new ColourAnalysis.SampledRegion(
                        zones,
                        face.located().eyes().isPresent() ? "eyes" : "face_box",
                        sample.regionPixels(),
                        sample.skinPixels(),
                        round(sample.skinShare(), 4)),
                sample.skinPixels(),
                new ColourAnalysis.SkinTone(
                        round(ita, 2),
                        SkinToneCategory.ofIta(ita).label(),
                        skinLab.rounded(),
                        ColourSpace.labToHex(skinLab)),
                new ColourAnalysis.UndertoneResult(undertone.label(), round(skinLab.hue(), 2)),
                uncorrected,
                new ColourAnalysis.Lighting(
                        lighting.method().name().toLowerCase(java.util.Locale.ROOT),
                        new double[] {round(light.gains()[0], 3), round(light.gains()[1], 3), round(light.gains()[2], 3)
                        },
                        round(light.cast(), 3),
                        round(light.exposure(), 3)),
                ReliabilityCheck.assess(
                        box.width(),
                        sample,
                        raw,
                        light,
                        raw.skinPixels() == 0 ? null : raw.medianLab().l()),
                Double.isNaN(contrast) ? null : round(contrast, 2),
                season.label(),
                SeasonalPalettes.of(season, undertone),
                new ColourAnalysis.OutfitColours(area.source, area.box, dominant),
                new ColourAnalysis.Timings(
                        ms(start, detected), ms(detected, skinDone), ms(skinDone, end), ms(start, end)));
    }

    /** Dominant colours of the whole image, for a product photo without a face. */
    public List<DominantColours.Colour> dominantColours(RgbImage image) {
        return colours.of(image);
    }

    /** Band pixels this far (ΔE*ab) from the skin colour count as hair. */
    static final double HAIR_MIN_DELTA_E = 20;

    /**
     * |L*skin − L*hair|, the hair being the median lightness of the pixels unlike the skin (ΔE*ab &gt;
     * {@value #HAIR_MIN_DELTA_E}) in a band just above the face box, half its width; NaN when fewer than 40 % of the
     * band's pixels are unlike the skin (bald head, hair the colour of the skin, the band off the image).
     */
    static double contrast(RgbImage image, FaceBox box, Lab skinLab) {
        int top = box.y() - (int) Math.round(0.12 * box.height());
        int bottom = box.y() + (int) Math.round(0.04 * box.height());
        var band = SkinSampler.clip(
                new SkinRegion.Rectangle("hair", box.x() + box.width() / 4, top, box.width() / 2, bottom - top), image);
        double[] hair = SkinSampler.lightnessUnlike(image, band, skinLab, HAIR_MIN_DELTA_E);
        long bandPixels = (long) band.width() * band.height();
        if (hair.length < 30 || hair.length < 0.4 * bandPixels) {
            return Double.NaN;
        }
        return Math.abs(skinLab.l() - SkinSampler.median(hair, hair.length));
    }

    private record OutfitArea(String source, Box box) {}

    /**
     * The torso: from half a face height below the chin (skipping the neck) to the bottom of the image, three face
     * widths wide; the whole image when less than half a face height of it remains.
     */
    static OutfitArea outfitArea(RgbImage image, FaceBox face) {
        int top = face.y() + (int) Math.round(1.5 * face.height());
        int left = Math.max(0, face.x() - face.width());
        int right = Math.min(image.width(), face.x() + 2 * face.width());
        if (image.height() - top >= face.height() / 2 && right > left) {
            return new OutfitArea("below_face", new Box(left, top, right - left, image.height() - top));
        }
        return new OutfitArea("whole_image", new Box(0, 0, image.width(), image.height()));
    }

    private static double ms(long from, long to) {
        return round((to - from) / 1e6, 2);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
