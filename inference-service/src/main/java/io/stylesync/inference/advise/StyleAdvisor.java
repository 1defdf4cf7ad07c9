package io.stylesync.inference.advise;

import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.similar.Catalogue;
import io.stylesync.inference.similar.CatalogueItem;
import io.stylesync.inference.similar.EmbeddingIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Picks catalogue items for the weather, an occasion and a person's colours. Rules, in the catalogue's
 * own vocabulary (Kaggle styles: season, usage, baseColour, gender, articleType):
 * <ul>
 *   <li>season from the temperature: Summer from 22 °C, Spring from 14, Fall from 6, Winter below; an
 *       item of the same season scores 2, of a neighbouring season 1, of the opposite season is left out</li>
 *   <li>rain (0.5 mm or more): open footwear is left out</li>
 *   <li>occasion: items of another usage are left out; a match scores 2</li>
 *   <li>palette: colours to avoid are left out; colours to wear score 1.5</li>
 *   <li>gender: only that gender's and unisex items</li>
 * </ul>
 * A rule whose label the catalogue lacks is skipped and said so in {@code criteria}. At most two items
 * per article type, best score first, ties by id, so the answer is deterministic.
 */
@Service
public class StyleAdvisor {

    public static final int MAX_TOP_K = 50;
    private static final List<String> SEASONS = List.of("Winter", "Spring", "Summer", "Fall");
    private static final Set<String> OPEN_FOOTWEAR = Set.of("sandals", "flip flops", "sports sandals");
    private static final int PER_ARTICLE_TYPE = 2;

    /**
     * @param weather  null when neither the temperature nor a location was given
     * @param occasion a catalogue usage value, e.g. Casual, Formal, Sports, Party; null for any
     * @param palette  null without a photo
     */
    public record Request(Weather weather, String occasion, String gender, ColourProfile palette, int topK) {}

    private final Catalogue catalogue;

    public StyleAdvisor(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static String seasonFor(double temperatureC) {
        if (temperatureC >= 22) {
            return "Summer";
        }
        if (temperatureC >= 14) {
            return "Spring";
        }
        return temperatureC >= 6 ? "Fall" : "Winter";
    }

    public Advice advise(Request request) {
        if (request.topK() < 1 || request.topK() > MAX_TOP_K) {
            throw ProblemException.badRequest("topK must be between 1 and " + MAX_TOP_K + ", got " + request.topK())
                    .with("field", "topK");
        }
        EmbeddingIndex index = catalogue.current();
        if (index == null || index.size() == 0) {
            throw new ProblemException(
                            503,
                            "catalogue-not-ready",
                            "Catalogue not ready",
                            "the catalogue is not loaded yet ("
                                    + catalogue.status().state() + ")")
                    .with("retryAfterSeconds", 10);
        }
        Set<String> labelled = index.items().getFirst().labels().keySet();
        List<String> criteria = new ArrayList<>();
        String season =
                request.weather() == null ? null : seasonFor(request.weather().temperatureC());
        boolean rain = request.weather() != null && request.weather().precipitationMm() >= 0.5;
        boolean useSeason = applies(
                season != null,
                "season",
                labelled,
                criteria,
                season == null
                        ? null
                        : "season " + season + " for " + request.weather().temperatureC() + " °C");
        boolean useRain = applies(rain, "articleType", labelled, criteria, "no open footwear in the rain");
        boolean useOccasion =
                applies(request.occasion() != null, "usage", labelled, criteria, "usage " + request.occasion());
        boolean usePalette = applies(
                request.palette() != null,
                "baseColour",
                labelled,
                criteria,
                "colours of the "
                        + (request.palette() == null ? "" : request.palette().season()) + " palette");
        boolean useGender =
                applies(request.gender() != null, "gender", labelled, criteria, "gender " + request.gender());

        List<Advice.Item> scored = new ArrayList<>();
        for (CatalogueItem item : index.items()) {
            Map<String, String> l = item.labels();
            double score = 0;
            List<String> reasons = new ArrayList<>();
            if (useSeason) {
                int distance = seasonDistance(season, l.get("season"));
                if (distance > 1) {
                    continue;
                }
                score += distance == 0 ? 2 : 1;
                reasons.add(
                        distance == 0
                                ? "a " + l.get("season") + " piece for "
                                        + request.weather().temperatureC() + " °C"
                                : "a " + l.get("season") + " piece, close to the " + season + " weather");
            }
            if (useRain && OPEN_FOOTWEAR.contains(lower(l.get("articleType")))) {
                continue;
            }
            if (useOccasion) {
                if (!request.occasion().equalsIgnoreCase(l.get("usage"))) {
                    continue;
                }
                score += 2;
                reasons.add("made for " + l.get("usage") + " occasions");
            }
            if (useGender
                    && !(request.gender().equalsIgnoreCase(l.get("gender"))
                            || "unisex".equals(lower(l.get("gender"))))) {
                continue;
            }
            if (usePalette) {
                String colour = l.get("baseColour");
                if (containsIgnoreCase(request.palette().avoid(), colour)) {
                    continue;
                }
                if (containsIgnoreCase(request.palette().wear(), colour)) {
                    score += 1.5;
                    reasons.add(colour + " is in your " + request.palette().season() + " palette");
                }
            }
            if (useRain && "footwear".equals(lower(l.get("masterCategory")))) {
                reasons.add("closed shoes for the rain");
            }
            scored.add(new Advice.Item(item.id(), score, l, item.imageUrl(), reasons));
        }
        scored.sort(Comparator.comparingDouble(Advice.Item::score).reversed().thenComparing(Advice.Item::id));
        List<Advice.Item> chosen = new ArrayList<>();
        Map<String, Integer> perType = new HashMap<>();
        for (Advice.Item item : scored) {
            if (chosen.size() == request.topK()) {
                break;
            }
            String type = String.valueOf(item.labels().get("articleType"));
            if (perType.merge(type, 1, Integer::sum) <= PER_ARTICLE_TYPE) {
                chosen.add(item);
            }
        }
        return new Advice(request.weather(), season, request.occasion(), request.palette(), criteria, chosen);
    }

    private static boolean applies(
            boolean wanted, String label, Set<String> labelled, List<String> criteria, String description) {
        if (!wanted) {
            return false;
        }
        if (!labelled.contains(label)) {
            criteria.add("not applied (the catalogue has no '" + label + "' label): " + description);
            return false;
        }
        criteria.add(description);
        return true;
    }

    private static int seasonDistance(String wanted, String actual) {
        int a = SEASONS.indexOf(wanted);
        int b = actual == null
                ? -1
                : SEASONS.indexOf(actual.substring(0, 1).toUpperCase(Locale.ROOT)
                        + actual.substring(1).toLowerCase(Locale.ROOT));
        if (a < 0 || b < 0) {
            return 2;
        }
        int d = Math.abs(a - b);
        return Math.min(d, SEASONS.size() - d);
    }

    private static boolean containsIgnoreCase(List<String> values, String value) {
        return value != null && values != null && values.stream().anyMatch(value::equalsIgnoreCase);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
