package io.stylesync.training.network;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The device fine-tuning runs on: the first GPU when the PyTorch engine sees one, else the CPU. (With the CPU
 * native library this project ships, the engine sees no GPU: DJL's CUDA build of PyTorch 2.7.1 is not on Maven
 * Central, see the README.)
 */
public final class TrainingDevice {

    private TrainingDevice() {}

    public static Device choose() {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }
}
