package io.stylesync.inference.advise;

import java.util.List;

/** Where the advisor gets the weather for a place when the caller does not say it. */
public interface WeatherProvider {

    /**
     * @throws io.stylesync.common.error.ProblemException 503 when the provider cannot be reached, 400 when it is off
     */
    Weather current(double latitude, double longitude);

    /**
     * The next {@code days} days (today first).
     *
     * @throws io.stylesync.common.error.ProblemException 503 when the provider cannot be reached or is off, 400 for
     *     a place or a number of days out of range
     */
    List<DailyWeather> forecast(double latitude, double longitude, int days);
}
