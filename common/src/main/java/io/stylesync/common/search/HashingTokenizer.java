package io.stylesync.common.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns text into bucket ids with no vocabulary to download or fit: each word, each pair of neighbouring words,
 * and each character trigram of {@code <word>} is hashed (FNV-1a, 32 bit, on its UTF-8 bytes) into one of
 * {@code buckets}. A word never seen in training still shares its trigrams with the words it resembles
 * ("jackets" with "jacket"), which is why trigrams are there. Same text and bucket count, same ids, on any JVM.
 */
public final class HashingTokenizer {

    /** The name of this scheme in a bundle's manifest, so a reader refuses a tokenizer it does not implement. */
    public static final String SCHEME = "fnv1a-words-bigrams-char3";

    private final int buckets;

    public HashingTokenizer(int buckets) {
        if (buckets < 2) {
            throw new IllegalArgumentException("buckets must be >= 2: " + buckets);
        }
        this.buckets = buckets;
    }

    public int buckets() {
        return buckets;
    }

    /** Lower-case words: runs of letters and digits. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
            i += Character.charCount(cp);
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** The bucket ids of {@code text}'s tokens, in order, repeats kept; empty when it has no word. */
    public int[] tokenize(String text) {
        List<String> words = words(text);
        List<String> tokens = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            tokens.add("w:" + word);
            if (w > 0) {
                tokens.add("b:" + words.get(w - 1) + ' ' + word);
            }
            String padded = '<' + word + '>';
            for (int i = 0; i + 3 <= padded.length(); i++) {
                tokens.add("c:" + padded.substring(i, i + 3));
            }
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = bucket(tokens.get(i));
        }
        return ids;
    }

    /**
     * The mean bag of {@code text}'s tokens: {@code bag[id]} is the share of tokens hashed to {@code id}, so
     * multiplying it by an embedding table is the mean of the tokens' embeddings.
     */
    public void bag(String text, float[] into, int offset) {
        int[] ids = tokenize(text);
        for (int id : ids) {
            into[offset + id] += 1f / ids.length;
        }
    }

    private int bucket(String token) {
        int h = 0x811c9dc5;
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return Integer.remainderUnsigned(h, buckets);
    }
}
