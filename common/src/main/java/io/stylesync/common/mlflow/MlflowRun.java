package io.stylesync.common.mlflow;

/** A tracking run: its id, experiment and where its artifacts live ({@code mlflow-artifacts:/<exp>/<run>/artifacts}). */
public record MlflowRun(String runId, String experimentId, String artifactUri, String status) {}
