package io.stylesync.common.job;

/** A live job in a {@link JobQueue}: the worker updates it, {@link #view()} snapshots it. */
public interface QueuedJob<V extends JobSnapshot<V>> {

    String id();

    V view();
}
