package io.stylesync.training.network;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which backbone parameters training may change.
 *
 * @param kind   {@code FROZEN}: none (heads on cached features); {@code LAST_N}: those of the last {@code blocks}
 *               blocks ({@link BackboneBlocks}); {@code FULL}: all
 * @param blocks for {@code LAST_N}, at least 1; otherwise 0
 */
public record FreezePolicy(Kind kind, int blocks) {

    /** Travels as its lowercase wire name: {@code "frozen"}, {@code "last-n"}, {@code "full"}. */
    public enum Kind {
        @JsonProperty("frozen")
        FROZEN("frozen"),
        @JsonProperty("last-n")
        LAST_N("last-n"),
        @JsonProperty("full")
        FULL("full");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public FreezePolicy {
        if (kind == Kind.LAST_N ? blocks < 1 : blocks != 0) {
            throw new IllegalArgumentException(kind + " with " + blocks + " blocks");
        }
    }

    public static FreezePolicy frozen() {
        return new FreezePolicy(Kind.FROZEN, 0);
    }

    public static FreezePolicy lastBlocks(int n) {
        return new FreezePolicy(Kind.LAST_N, n);
    }

    public static FreezePolicy full() {
        return new FreezePolicy(Kind.FULL, 0);
    }

    public boolean finetunes() {
        return kind != Kind.FROZEN;
    }

    /** The request's wording: {@code frozen}, {@code last-n} or {@code full}. */
    public String label() {
        return kind.wireName();
    }
}
