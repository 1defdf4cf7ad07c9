package io.stylesync.training.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The blocks of a TorchScript backbone, from its parameter names in registration order (which is the order a
 * traced network runs them in).
 *
 * <p>A block is the top-level numbered module a parameter sits in: everything up to and including the first
 * purely numeric component of its name, e.g. {@code features.17.conv.0.weight} → {@code features.17} (torchvision
 * MobileNetV2/EfficientNet), {@code blocks.15.0.bn1.weight} → {@code blocks.15}. A parameter with no numbered
 * module in its name is its own layer: the name without its {@code .weight}/{@code .bias}/{@code _w}/{@code _b}
 * suffix, e.g. {@code conv_head.weight} → {@code conv_head}, and the shared MobileNetV2 (converted from TFLite, batch
 * norm folded into the convolutions, flat names {@code params.c0_w … params.c61_b}) has one block per convolution,
 * {@code params.c61} being its last. "The last N blocks" are the last N distinct blocks in that order.
 */
public final class BackboneBlocks {

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern SUFFIX = Pattern.compile("(\\.|_)(weight|bias|w|b)$");

    private final Map<String, List<String>> blocks = new LinkedHashMap<>();

    public BackboneBlocks(List<String> parameterNames) {
        for (String name : parameterNames) {
            blocks.computeIfAbsent(blockOf(name), k -> new ArrayList<>()).add(name);
        }
    }

    static String blockOf(String name) {
        String[] parts = name.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            if (NUMBER.matcher(parts[i]).matches()) {
                return String.join(".", List.of(parts).subList(0, i + 1));
            }
        }
        return SUFFIX.matcher(name).replaceFirst("");
    }

    /** Block names, first to last. */
    public List<String> names() {
        return List.copyOf(blocks.keySet());
    }

    public int count() {
        return blocks.size();
    }

    /**
     * The parameter names the policy trains.
     *
     * @throws IllegalArgumentException with the exact reason when the policy cannot be applied to this backbone
     */
    public Set<String> trainable(FreezePolicy policy) {
        if (blocks.isEmpty() && policy.finetunes()) {
            throw new IllegalArgumentException(
                    "the backbone has no trainable parameters (a TorchScript file saved after "
                            + "torch.jit.freeze holds its weights as constants): it can only be used frozen");
        }
        Set<String> names = new LinkedHashSet<>();
        switch (policy.kind()) {
            case FROZEN -> {}
            case FULL -> blocks.values().forEach(names::addAll);
            case LAST_N -> {
                if (policy.blocks() > blocks.size()) {
                    throw new IllegalArgumentException("the backbone has " + blocks.size() + " blocks (" + describe()
                            + "); cannot fine-tune the last " + policy.blocks());
                }
                List<List<String>> ordered = new ArrayList<>(blocks.values());
                ordered.subList(ordered.size() - policy.blocks(), ordered.size())
                        .forEach(names::addAll);
            }
        }
        return names;
    }

    /** The blocks the policy trains, for messages and MLflow params. */
    public List<String> trainableBlocks(FreezePolicy policy) {
        Set<String> params = trainable(policy);
        return blocks.entrySet().stream()
                .filter(e -> params.containsAll(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private String describe() {
        List<String> n = names();
        return n.size() <= 3 ? String.join(", ", n) : n.getFirst() + " … " + n.getLast();
    }
}
