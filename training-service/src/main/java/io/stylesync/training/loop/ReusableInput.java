package io.stylesync.training.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One direct buffer reused for a step input. {@code NDManager.create(float[])} copies into a fresh direct
 * buffer that the NDArray keeps; closing the array frees the tensor but that buffer only when the GC runs,
 * so thousands of steps pile up hundreds of MB of off-heap memory between collections. PyTorch may use this
 * buffer's memory as the tensor's storage: an array created from it must be closed before the next
 * {@link #create}, which the per-step sub-manager guarantees.
 */
public final class ReusableInput {

    private final ByteBuffer bytes;
    private final FloatBuffer floats;

    public ReusableInput(int capacity) {
        bytes = ByteBuffer.allocateDirect(capacity * Float.BYTES).order(ByteOrder.nativeOrder());
        floats = bytes.asFloatBuffer();
    }

    /** An array of {@code shape} holding the first {@code shape.size()} values of {@code values}. */
    public NDArray create(NDManager manager, float[] values, Shape shape) {
        int size = Math.toIntExact(shape.size());
        floats.clear();
        floats.put(values, 0, size);
        ByteBuffer view = bytes.duplicate().order(ByteOrder.nativeOrder());
        view.limit(size * Float.BYTES);
        return manager.create(view, shape, DataType.FLOAT32);
    }
}
