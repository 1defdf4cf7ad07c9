package io.stylesync.common.image;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How pixel values are scaled for a backbone; travels as its lowercase wire name ({@code "mobilenet"}). */
public enum Normalization {
    /** x / 127.5 - 1: the shared MobileNetV2 and EfficientNet-Lite */
    @JsonProperty("mobilenet")
    MOBILENET("mobilenet"),
    /** torchvision's ImageNet mean and std */
    @JsonProperty("imagenet")
    IMAGENET("imagenet");

    private final String wireName;

    Normalization(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The square preprocessing of this normalisation at {@code size} pixels (resize policy: the default). */
    public PreprocessConfig config(int size) {
        return this == IMAGENET ? PreprocessConfig.imagenet(size) : PreprocessConfig.mobileNetV2(size);
    }
}
