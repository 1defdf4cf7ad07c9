package io.stylesync.training.data;

import io.stylesync.common.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Real product photos and their styles.csv labels from shared/datasets/fashion-products (tests skip without it). */
public final class FashionProductsSample {

    /** One labelled photo. */
    public record Product(String id, Path image, Map<String, String> labels) {

        public Supplier<byte[]> bytes() {
            return () -> {
                try {
                    return Files.readAllBytes(image);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }

    private FashionProductsSample() {}

    /** Every photo with a styles.csv row, sorted by numeric id; columns are read by header name. */
    public static List<Product> all() {
        Path root = SharedData.require("datasets/fashion-products");
        try {
            List<String> lines = Files.readAllLines(root.resolve("styles.csv"));
            List<String> header = parse(lines.get(0));
            List<Product> products = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> fields = parse(line);
                if (fields.size() != header.size()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    labels.put(header.get(i), fields.get(i));
                }
                Path image = root.resolve("images").resolve(labels.get("id") + ".jpg");
                if (Files.isRegularFile(image)) {
                    products.add(new Product(labels.get("id"), image, labels));
                }
            }
            products.sort(Comparator.comparingLong(p -> Long.parseLong(p.id())));
            return products;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code perClass} products (by id) of each of the given values of {@code attribute}. */
    public static List<Product> balanced(String attribute, List<String> values, int perClass) {
        List<Product> out = new ArrayList<>();
        for (String value : values) {
            all().stream()
                    .filter(p -> value.equals(p.labels().get(attribute)))
                    .limit(perClass)
                    .forEach(out::add);
        }
        return out;
    }

    /** Comma-separated fields; double quotes group a field and {@code ""} inside them is one quote. */
    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
