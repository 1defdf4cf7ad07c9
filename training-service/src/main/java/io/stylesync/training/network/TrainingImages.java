package io.stylesync.training.network;

import io.stylesync.common.image.RgbImage;

/** Images by index, already resized to the network's input size (decoded again on every call: nothing is held). */
public interface TrainingImages {

    int size();

    RgbImage image(int index);
}
