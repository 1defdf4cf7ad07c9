package io.stylesync.inference.analyze;

import io.stylesync.common.error.ProblemException;

/** No usable face in the image: a 422 problem of type {@code no-face}. */
public final class NoFaceFoundException extends ProblemException {

    public NoFaceFoundException(String detail) {
        super(422, "no-face", "No face found", detail);
    }
}
