package io.stylesync.inference.analyze;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.RgbImage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/analyze")
@Tag(name = "Colour analysis", description = "Skin tone, undertone, seasonal palette and outfit colours of a photo")
class AnalyzeController {

    private final ColourAnalyzer analyzer;
    private final ImageDecoder decoder;
    private final AnalyzeMetrics metrics;

    AnalyzeController(ColourAnalyzer analyzer, AnalyzeProperties props, AnalyzeMetrics metrics) {
        this.analyzer = analyzer;
        this.metrics = metrics;
        this.decoder = new ImageDecoder(
                new DecodeLimits(Long.MAX_VALUE, props.maxImagePixels(), DecodeLimits.DEFAULT_MAX_DIMENSION));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Colour analysis of a selfie or outfit photo",
            description = "Detects the largest face (OpenCV Haar cascade), samples skin on the forehead and cheeks "
                    + "(skin-pixel classifier), and returns the skin tone (ITA° category), undertone (CIELAB hue), "
                    + "seasonal palette with colours to wear and avoid (with catalogue baseColour names) and metals, "
                    + "and the dominant colours (k-means in CIELAB) of the area below the face.")
    @ApiResponse(responseCode = "200", description = "The analysis")
    @ApiResponse(
            responseCode = "413",
            description = "The upload exceeds the multipart limit",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "415",
            description = "Not an image, or an unsupported format",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "No face found, or a damaged image",
            content = @Content(mediaType = "application/problem+json"))
    ColourAnalysis analyze(
            @Parameter(
                            description = "JPEG, PNG, WebP, BMP or GIF photo",
                            content = @Content(schema = @Schema(type = "string", format = "binary")))
                    @RequestPart("image")
                    MultipartFile image) {
        long start = System.nanoTime();
        RgbImage rgb;
        try {
            rgb = decoder.decode(image.getBytes());
        } catch (InvalidImageException e) {
            metrics.record(AnalyzeMetrics.Outcome.BAD_IMAGE, System.nanoTime() - start);
            throw e.toProblem("part 'image'");
        } catch (IOException e) {
            metrics.record(AnalyzeMetrics.Outcome.BAD_IMAGE, System.nanoTime() - start);
            throw ProblemException.badRequest("The upload could not be read: " + e.getMessage());
        }
        try {
            ColourAnalysis analysis = analyzer.analyze(rgb);
            metrics.record(AnalyzeMetrics.Outcome.OK, System.nanoTime() - start);
            return analysis;
        } catch (NoFaceFoundException e) {
            metrics.record(AnalyzeMetrics.Outcome.NO_FACE, System.nanoTime() - start);
            throw e;
        }
    }
}
