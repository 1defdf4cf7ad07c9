package io.stylesync.common.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTokenizerTest {

    private final HashingTokenizer tokenizer = new HashingTokenizer(1 << 14);

    @Test
    void isDeterministicAcrossInstancesAndIgnoresCaseAndPunctuation() {
        int[] first = tokenizer.tokenize("Navy Blue casual shirt, for MEN!");
        assertThat(new HashingTokenizer(1 << 14).tokenize("navy blue casual shirt for men"))
                .isEqualTo(first);
        // 6 words, 5 bigrams, and a trigram per letter of each word plus its boundaries (len + 2 - 2)
        assertThat(first).hasSize(6 + 5 + 4 + 4 + 6 + 5 + 3 + 3);
        assertThat(Arrays.stream(first).allMatch(id -> id >= 0 && id < 1 << 14)).isTrue();
        // pinned: the ids are part of the bundle format, a change here would silently break shipped encoders
        assertThat(new HashingTokenizer(1 << 14).tokenize("red"))
                .containsExactly(ids("w:red", "c:<re", "c:red", "c:ed>"));
    }

    @Test
    void anUnseenWordSharesTrigramsWithTheWordsItResembles() {
        Set<Integer> jacket = set(tokenizer.tokenize("jacket"));
        Set<Integer> unseen = set(tokenizer.tokenize("jacketz"));
        Set<Integer> other = set(tokenizer.tokenize("sandal"));
        unseen.retainAll(jacket);
        other.retainAll(jacket);
        assertThat(unseen).hasSizeGreaterThanOrEqualTo(5);
        assertThat(other).isEmpty();
        assertThat(tokenizer.tokenize("Ünïcode 日本")).isNotEmpty();
    }

    @Test
    void aTextWithoutWordsHasNoTokensAndTheBagIsAMean() {
        assertThat(tokenizer.tokenize("  ?! -- ")).isEmpty();
        assertThat(HashingTokenizer.words("  ?! -- ")).isEmpty();
        float[] bag = new float[tokenizer.buckets()];
        tokenizer.bag("red dress", bag, 0);
        double sum = 0;
        for (float v : bag) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThatThrownBy(() -> new HashingTokenizer(1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] ids(String... tokens) {
        return Arrays.stream(tokens)
                .mapToInt(t -> {
                    int h = 0x811c9dc5;
                    for (byte b : t.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        h ^= b & 0xff;
                        h *= 0x01000193;
                    }
                    return Integer.remainderUnsigned(h, 1 << 14);
                })
                .toArray();
    }

    private static Set<Integer> set(int[] ids) {
        Set<Integer> s = new HashSet<>();
        for (int id : ids) {
            s.add(id);
        }
        return s;
    }
}
