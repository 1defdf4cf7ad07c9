package io.stylesync.inference.advise;

import java.util.List;

/**
 * The colours that suit a person, in the catalogue's {@code baseColour} vocabulary, from their selfie's colour analysis.
 *
 * @param season the seasonal colour type (e.g. "autumn"), for the reasons given
 */
public record ColourProfile(String season, List<String> wear, List<String> avoid) {}
