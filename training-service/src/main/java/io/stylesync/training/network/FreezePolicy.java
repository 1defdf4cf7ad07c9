package io.stylesync.training.network;

/**
 * Which backbone parameters training may change.
 *
 * @param kind   {@code FROZEN}: none (heads on cached features); {@code LAST_N}: those of the last {@code blocks}
 *               blocks ({@link BackboneBlocks}); {@code FULL}: all
 * @param blocks for {@code LAST_N}, at least 1; otherwise 0
 */
public record FreezePolicy(Kind kind, int blocks) {

    public enum Kind {
        FROZEN,
        LAST_N,
        FULL
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
        return switch (kind) {
            case FROZEN -> "frozen";
            case LAST_N -> "last-n";
            case FULL -> "full";
        };
    }
}
