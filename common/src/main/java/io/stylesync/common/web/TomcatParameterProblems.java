package io.stylesync.common.web;

import java.net.URI;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Tomcat parses query and form parameters lazily, when a controller first asks for one; a value it cannot decode
 * (a bad percent-escape, invalid UTF-8) or too many parameters then surface as this exception, which is the
 * client's fault: 400, not the 500 that {@link ProblemDetailsAdvice}'s catch-all would give.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class TomcatParameterProblems {

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "A query or form parameter could not be decoded (invalid percent-encoding or UTF-8), or there are too many.");
        pd.setType(URI.create(ProblemDetailsAdvice.TYPE_PREFIX + "malformed-parameters"));
        pd.setTitle("Bad request");
        return ResponseEntity.badRequest().body(pd);
    }
}
