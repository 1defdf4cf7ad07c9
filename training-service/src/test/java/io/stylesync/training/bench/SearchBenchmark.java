package io.stylesync.training.bench;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.search.Captions;
import io.stylesync.common.search.HashingTokenizer;
import io.stylesync.common.search.TextEncoder;
import io.stylesync.common.testing.SharedData;
import io.stylesync.training.data.FashionProductsSample;
import io.stylesync.training.data.FashionProductsSample.Product;
import io.stylesync.training.embedding.EmbeddingExtractor;
import io.stylesync.training.embedding.ProgressListener;
import io.stylesync.training.search.CaptionRecall;
import io.stylesync.training.search.CaptionedImages;
import io.stylesync.training.search.TextEncoderTrainer;
import io.stylesync.training.search.TextSearchConfig;
import io.stylesync.training.search.TextSearchResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code make bench-search} (issue 18): text search trained on the shared catalogue's train split, measured on its
 * test split, against two baselines in the same run. The catalogue searched is every shared product photo, as
 * inference's catalogue index holds them; a query's score for an image is what {@code /api/v1/search} computes
 * ({@link TextEncoder#featureQuery} · the L2-normalised backbone feature).
 *
 * <ul>
 *   <li>Split: numeric id mod 20: 0–13 train, 14–16 val, 17–19 test.</li>
 *   <li>Caption queries: every caption of every test item ({@link Captions}: display name, attribute phrase).
 *       Item recall@k: the item's own image among the top k of the test split's images. Attribute precision@10:
 *       share of the top 10 of the whole catalogue whose articleType, baseColour and gender all equal the query
 *       item's.</li>
 *   <li>Hand-written queries: {@code common/src/test/resources/search/handwritten-queries.csv}; precision@10 as
 *       above against the attribute values listed there.</li>
 *   <li>Baselines: random ranking; keyword matching (an item scores the number of query words found among the
 *       words of its attribute values, ties broken at random).</li>
 * </ul>
 * Backbone features are computed once and kept under {@code bench.cacheDir}.
 */
public final class SearchBenchmark {

    private static final List<String> ATTRIBUTES =
            List.of("gender", "masterCategory", "subCategory", "articleType", "baseColour", "season", "usage");
    private static final List<String> MATCHED = List.of("articleType", "baseColour", "gender");

    private record Query(String text, Map<String, String> wanted, int ownImage) {}

    public static void main(String[] args) throws Exception {
        Path backbone = SharedData.require("models/mobilenet-v2/backbone-features.pt");
        Path cacheDir = Path.of(System.getProperty("bench.cacheDir", ".stylesync/bench-search"));
        Path queriesFile = Path.of(
                System.getProperty("bench.queries", "common/src/test/resources/search/handwritten-queries.csv"));
        int epochs =
                Integer.getInteger("bench.epochs", TextSearchConfig.defaults().epochs());

        List<Product> products = FashionProductsSample.all();
        float[][] features = features(products, backbone, cacheDir);
        int n = products.size();
        float[][] normalised = new float[n][];
        for (int i = 0; i < n; i++) {
            normalised[i] = unit(features[i]);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long slot = Long.parseLong(products.get(i).id()) % 20;
            (slot < 14 ? train : slot < 17 ? val : test).add(i);
        }
        System.out.printf(
                "catalogue: %d shared product photos (train %d, val %d, test %d)%n",
                n, train.size(), val.size(), test.size());

        long start = System.nanoTime();
        TextSearchResult result = new TextEncoderTrainer()
                .train(
                        captioned(products, features, train, true),
                        captioned(products, features, val, false),
                        TextSearchConfig.defaults().withEpochs(epochs));
        double trainingSeconds = (System.nanoTime() - start) / 1e9;
        TextEncoder encoder = result.encoder();
        System.out.printf(
                "training: %.1f s, %d epochs run, best epoch %d, temperature %.4f, val %s%n",
                trainingSeconds, result.epochsRun(), result.bestEpoch(), result.temperature(), result.valRecall());

        CaptionedImages testPairs = captioned(products, features, test, false);
        List<Query> captionQueries = new ArrayList<>();
        for (int c = 0; c < testPairs.size(); c++) {
            int item = test.get(testPairs.image()[c]);
            captionQueries.add(new Query(
                    testPairs.captions().get(c), wanted(products.get(item).labels()), item));
        }
        List<Query> handwritten = handwritten(queriesFile);

        Map<String, Double> recall = CaptionRecall.of(encoder, testPairs);
        Map<String, Double> randomRecall = Map.of(
                "recall_at_1", 1.0 / test.size(), "recall_at_5", 5.0 / test.size(), "recall_at_10", 10.0 / test.size());
        List<Set<String>> itemWords =
                products.stream().map(SearchBenchmark::attributeWords).toList();
        Map<String, Double> keywordRecall = keywordRecall(itemWords, test, captionQueries);

        Random random = new Random(7);
        Scorer model = q -> {
            float[] query = encoder.featureQuery(q);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = dot(query, normalised[i]);
            }
            return s;
        };
        Scorer keyword = q -> keywordScores(itemWords, q, random);
        Scorer randomScores = q -> random.doubles(n).toArray();

        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-22s %10s %10s %10s %14s %14s%n",
                "method",
                "R@1",
                "R@5",
                "R@10",
                "P@10 captions",
                "P@10 written");
        for (var row : List.of(
                Map.entry("text encoder", Map.entry(recall, model)),
                Map.entry("keyword baseline", Map.entry(keywordRecall, keyword)),
                Map.entry("random baseline", Map.entry(randomRecall, randomScores)))) {
            Map<String, Double> r = row.getValue().getKey();
            Scorer scorer = row.getValue().getValue();
            double captionPrecision = precisionAt10(products, captionQueries, scorer);
            double writtenPrecision = precisionAt10(products, handwritten, scorer);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %10.3f %10.3f %10.3f %14.3f %14.3f%n",
                    row.getKey(),
                    r.get("recall_at_1"),
                    r.get("recall_at_5"),
                    r.get("recall_at_10"),
                    captionPrecision,
                    writtenPrecision);
        }
        System.out.printf(
                "(%d caption queries, %d hand-written queries, catalogue of %d)%n",
                captionQueries.size(), handwritten.size(), n);

        long[] nanos = new long[300];
        for (int i = 0; i < nanos.length; i++) {
            String q = handwritten.get(i % handwritten.size()).text();
            long t0 = System.nanoTime();
            double[] s = model.scores(q);
            topK(s, 10);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "query latency over %d items: p50 %.2f ms, p99 %.2f ms%n",
                n,
                nanos[nanos.length / 2] / 1e6,
                nanos[(int) (nanos.length * 0.99)] / 1e6);
        System.out.printf(Locale.ROOT, "training_seconds=%.1f%n", trainingSeconds);
        System.out.printf(
                Locale.ROOT, "search_attribute_precision_at_10=%.3f%n", precisionAt10(products, handwritten, model));
    }

    @FunctionalInterface
    private interface Scorer {
        double[] scores(String query);
    }

    private static double precisionAt10(List<Product> products, List<Query> queries, Scorer scorer) {
        double sum = 0;
        for (Query q : queries) {
            int[] top = topK(scorer.scores(q.text()), 10);
            int matching = 0;
            for (int i : top) {
                Map<String, String> labels = products.get(i).labels();
                if (q.wanted().entrySet().stream()
                        .allMatch(e -> e.getValue().equalsIgnoreCase(labels.get(e.getKey())))) {
                    matching++;
                }
            }
            sum += matching / 10.0;
        }
        return sum / queries.size();
    }

    /** Recall of the keyword baseline: own image among the test images, ties ranked against it. */
    private static Map<String, Double> keywordRecall(List<Set<String>> items, List<Integer> test, List<Query> queries) {
        long[] hits = new long[CaptionRecall.KS.length];
        for (Query q : queries) {
            Set<String> words = new HashSet<>(HashingTokenizer.words(q.text()));
            double own = overlap(words, items.get(q.ownImage()));
            int better = 0;
            for (int i : test) {
                if (i != q.ownImage() && overlap(words, items.get(i)) >= own) {
                    better++;
                }
            }
            for (int k = 0; k < hits.length; k++) {
                if (better < CaptionRecall.KS[k]) {
                    hits[k]++;
                }
            }
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        for (int k = 0; k < hits.length; k++) {
            recall.put("recall_at_" + CaptionRecall.KS[k], (double) hits[k] / queries.size());
        }
        return recall;
    }

    private static double[] keywordScores(List<Set<String>> items, String query, Random random) {
        Set<String> words = new HashSet<>(HashingTokenizer.words(query));
        double[] s = new double[items.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = overlap(words, items.get(i)) + random.nextDouble() * 1e-3;
        }
        return s;
    }

    /** The words of an item's attribute values: what the keyword baseline matches query words against. */
    private static Set<String> attributeWords(Product p) {
        Set<String> words = new HashSet<>();
        for (String a : ATTRIBUTES) {
            String v = p.labels().get(a);
            if (v != null) {
                words.addAll(HashingTokenizer.words(v));
            }
        }
        return words;
    }

    private static double overlap(Set<String> queryWords, Set<String> itemWords) {
        int n = 0;
        for (String w : queryWords) {
            if (itemWords.contains(w)) {
                n++;
            }
        }
        return n;
    }

    /** The indices of the {@code k} highest scores, best first (insertion into a sorted array of k). */
    private static int[] topK(double[] scores, int k) {
        int[] top = new int[Math.min(k, scores.length)];
        int filled = 0;
        for (int i = 0; i < scores.length; i++) {
            if (filled == top.length && scores[i] <= scores[top[filled - 1]]) {
                continue;
            }
            int j = filled == top.length ? filled - 1 : filled++;
            while (j > 0 && scores[top[j - 1]] < scores[i]) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = i;
        }
        return top;
    }

    private static Map<String, String> wanted(Map<String, String> labels) {
        Map<String, String> w = new LinkedHashMap<>();
        for (String a : MATCHED) {
            w.put(a, labels.get(a));
        }
        return w;
    }

    private static List<Query> handwritten(Path file) throws Exception {
        List<Query> queries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        List<String> header = null;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = List.of(line.split(",", -1));
            if (header == null) {
                header = fields;
                continue;
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            for (int i = 1; i < header.size(); i++) {
                if (!fields.get(i).isBlank()) {
                    wanted.put(header.get(i), fields.get(i));
                }
            }
            queries.add(new Query(fields.get(0), wanted, -1));
        }
        return queries;
    }

    private static CaptionedImages captioned(
            List<Product> products, float[][] features, List<Integer> rows, boolean training) {
        List<Map<String, String>> labels = new ArrayList<>();
        float[][] x = new float[rows.size()][];
        for (int j = 0; j < rows.size(); j++) {
            Map<String, String> all = products.get(rows.get(j)).labels();
            Map<String, String> l = new LinkedHashMap<>();
            for (String a : ATTRIBUTES) {
                if (all.get(a) != null && !all.get(a).isBlank()) {
                    l.put(a, all.get(a));
                }
            }
            l.put(Captions.DISPLAY_NAME, all.get(Captions.DISPLAY_NAME));
            labels.add(l);
            x[j] = features[rows.get(j)];
        }
        return training ? CaptionedImages.forTraining(labels, x) : CaptionedImages.of(labels, x);
    }

    /** Every product's backbone feature, cached by backbone SHA-256 and product ids. */
    private static float[][] features(List<Product> products, Path backbone, Path cacheDir) throws Exception {
        String key = ModelBundle.sha256(backbone).substring(0, 16) + "-" + products.size() + "-"
                + Integer.toHexString(
                        products.stream().map(Product::id).toList().hashCode());
        Path cache = cacheDir.resolve("features-" + key + ".bin");
        if (Files.isRegularFile(cache)) {
            try (DataInputStream in =
                    new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int n = in.readInt();
                int dim = in.readInt();
                float[][] f = new float[n][dim];
                for (float[] row : f) {
                    for (int j = 0; j < dim; j++) {
                        row[j] = in.readFloat();
                    }
                }
                System.out.println("features: " + n + " x " + dim + " from " + cache);
                return f;
            }
        }
        long start = System.nanoTime();
        float[][] f;
        try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
            f = new EmbeddingExtractor(
                            model,
                            new ImagePreprocessor(
                                    PreprocessConfig.mobileNetV2(224), new ImageDecoder(DecodeLimits.defaults())),
                            16)
                    .extract(products.stream().map(Product::bytes).toList(), ProgressListener.NONE);
        }
        System.out.printf("features: %d images embedded in %.0f s%n", f.length, (System.nanoTime() - start) / 1e9);
        Files.createDirectories(cacheDir);
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeInt(f.length);
            out.writeInt(f[0].length);
            for (float[] row : f) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
        return f;
    }

    private static float[] unit(float[] x) {
        double sq = 0;
        for (float v : x) {
            sq += (double) v * v;
        }
        float inv = (float) (1 / Math.sqrt(sq));
        float[] u = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            u[i] = x[i] * inv;
        }
        return u;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
