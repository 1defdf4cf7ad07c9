package io.stylesync.monitoring.reference;

/** A model version's reference statistics could not be loaded (MLflow or S3 down, version or file missing, bad JSON). */
public class ReferenceUnavailableException extends RuntimeException {

    public ReferenceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
