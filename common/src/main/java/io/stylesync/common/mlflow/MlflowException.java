package io.stylesync.common.mlflow;

/** MLflow answered with an error ({@code errorCode} is MLflow's, e.g. RESOURCE_DOES_NOT_EXIST), or could not be reached. */
public class MlflowException extends RuntimeException {

    private final int status;
    private final String errorCode;

    public MlflowException(int status, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean isUnreachable() {
        return status == 0 || status >= 500;
    }

    public boolean isNotFound() {
        return "RESOURCE_DOES_NOT_EXIST".equals(errorCode) || status == 404;
    }

    public boolean isAlreadyExists() {
        return "RESOURCE_ALREADY_EXISTS".equals(errorCode);
    }
}
