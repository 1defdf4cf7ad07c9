package io.stylesync.inference.advise;

import io.stylesync.common.error.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "Style advisor", description = "Catalogue items for the weather, an occasion and your colours")
public class AdviseController {

    private final StyleAdvisor advisor;
    private final WeatherProvider weather;
    private final SelfieColours selfies;

    public AdviseController(StyleAdvisor advisor, WeatherProvider weather, SelfieColours selfies) {
        this.advisor = advisor;
        this.weather = weather;
        this.selfies = selfies;
    }

    @Operation(
            summary =
                    "Advice from an optional selfie (your palette), the weather (temperatureC and precipitationMm, "
                            + "or latitude and longitude when the weather lookup is on) and an occasion (a catalogue usage, e.g. Formal)")
    @PostMapping(
            path = "/api/v1/advise",
            consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    public Advice advise(
            @RequestPart(name = "image", required = false) MultipartFile image,
            @RequestParam(name = "occasion", required = false) String occasion,
            @RequestParam(name = "gender", required = false) String gender,
            @RequestParam(name = "temperatureC", required = false) Double temperatureC,
            @RequestParam(name = "precipitationMm", required = false) Double precipitationMm,
            @RequestParam(name = "latitude", required = false) Double latitude,
            @RequestParam(name = "longitude", required = false) Double longitude,
            @RequestParam(name = "topK", defaultValue = "8") int topK) {
        Weather w = null;
        if (temperatureC != null) {
            if (!(temperatureC >= -60 && temperatureC <= 60)) {
                throw ProblemException.badRequest("temperatureC must be between -60 and 60, got " + temperatureC)
                        .with("field", "temperatureC");
            }
            double rain = precipitationMm == null ? 0 : precipitationMm;
            if (!(rain >= 0 && rain <= 500)) {
                throw ProblemException.badRequest("precipitationMm must be between 0 and 500, got " + rain)
                        .with("field", "precipitationMm");
            }
            w = new Weather(temperatureC, rain, "request");
        } else if (latitude != null || longitude != null) {
            if (latitude == null || longitude == null) {
                throw ProblemException.badRequest("give both latitude and longitude");
            }
            w = weather.current(latitude, longitude);
        }
        return advisor.advise(
                new StyleAdvisor.Request(w, blankToNull(occasion), blankToNull(gender), paletteOf(image), topK));
    }

    /** The selfie's palette; null without one. */
    private ColourProfile paletteOf(MultipartFile image) {
        // a form whose file input was left empty sends an empty part without a file name: that is "no image"
        if (image != null
                && image.isEmpty()
                && image.getOriginalFilename() != null
                && !image.getOriginalFilename().isBlank()) {
            throw ProblemException.badRequest("part 'image' (" + image.getOriginalFilename() + ") is empty")
                    .with("field", "image");
        }
        if (image == null || image.isEmpty()) {
            return null;
        }
        try {
            return selfies.profileOf(image.getBytes(), "part 'image'");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Operation(
            summary =
                    "Advice for each day of a place's forecast (Open-Meteo, when the weather lookup is on): the "
                            + "day's mean of its highest and lowest temperature and its precipitation, with an occasion and gender")
    @GetMapping("/api/v1/advise/forecast")
    public ForecastAdvice forecast(
            @RequestParam(name = "latitude", required = false) Double latitude,
            @RequestParam(name = "longitude", required = false) Double longitude,
            @RequestParam(name = "days", defaultValue = "7") int days,
            @RequestParam(name = "occasion", required = false) String occasion,
            @RequestParam(name = "gender", required = false) String gender,
            @RequestParam(name = "topK", defaultValue = "4") int topK) {
        return forecastAdvice(latitude, longitude, days, occasion, gender, null, topK);
    }

    @Operation(summary = "The same per forecast day, with an optional selfie (part 'image') for your palette")
    @PostMapping(path = "/api/v1/advise/forecast", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ForecastAdvice forecastWithSelfie(
            @RequestPart(name = "image", required = false) MultipartFile image,
            @RequestParam(name = "latitude", required = false) Double latitude,
            @RequestParam(name = "longitude", required = false) Double longitude,
            @RequestParam(name = "days", defaultValue = "7") int days,
            @RequestParam(name = "occasion", required = false) String occasion,
            @RequestParam(name = "gender", required = false) String gender,
            @RequestParam(name = "topK", defaultValue = "4") int topK) {
        return forecastAdvice(latitude, longitude, days, occasion, gender, paletteOf(image), topK);
    }

    private ForecastAdvice forecastAdvice(
            Double latitude,
            Double longitude,
            int days,
            String occasion,
            String gender,
            ColourProfile palette,
            int topK) {
        if (latitude == null || longitude == null) {
            throw ProblemException.badRequest("give both latitude and longitude");
        }
        String source = "forecast";
        var perDay = weather.forecast(latitude, longitude, days).stream()
                .map(d -> new ForecastAdvice.Day(
                        d.date(),
                        d.temperatureMaxC(),
                        d.temperatureMinC(),
                        d.precipitationMm(),
                        advisor.advise(new StyleAdvisor.Request(
                                d.asWeather(source), blankToNull(occasion), blankToNull(gender), palette, topK))))
                .toList();
        return new ForecastAdvice(latitude, longitude, source, perDay);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
