package io.stylesync.inference.advise;

import java.time.LocalDate;

/** One forecast day at a place: the day's highest and lowest air temperature (°C) and its precipitation (mm). */
public record DailyWeather(LocalDate date, double temperatureMaxC, double temperatureMinC, double precipitationMm) {

    /** What the advisor dresses for: the middle of the day's range. */
    public Weather asWeather(String source) {
        return new Weather((temperatureMaxC + temperatureMinC) / 2, precipitationMm, source);
    }
}
