package io.stylesync.training.loop;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;

/**
 * A {@link BatchSource} whose batch is one float input array (one row per example) and the heads' targets: the
 * subclass writes the rows, this class turns them and the targets into a {@link Batch}, through reused buffers.
 */
public abstract class InputBatches implements BatchSource {

    private final HeadTargets targets;
    private final int batchSize;
    private final float[] rows;
    private final ReusableInput input;

    /** @param rowLength floats per example's input */
    protected InputBatches(HeadTargets targets, int batchSize, int rowLength) {
        this.targets = targets;
        this.batchSize = batchSize;
        this.rows = new float[batchSize * rowLength];
        this.input = new ReusableInput(rows.length);
    }

    /** Writes the input of example {@code order[from + i]} at {@code rows[i * rowLength]}, for i below n. */
    protected abstract void fill(float[] rows, int[] order, int from, int n, int epoch);

    /** The input array's shape for a batch of {@code n}. */
    protected abstract Shape shape(int n);

    @Override
    public final int[] examples() {
        return targets.labelled();
    }

    @Override
    public final int batchSize() {
        return batchSize;
    }

    @Override
    public final Batch batch(NDManager manager, int[] order, int from, int n, int epoch) {
        fill(rows, order, from, n, epoch);
        NDList data = new NDList(input.create(manager, rows, shape(n)));
        return new Batch(manager, data, targets.labels(manager, order, from, n), n, null, null, from, order.length);
    }
}
