package io.stylesync.common.web;

import io.stylesync.common.error.ProblemException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error of every service as RFC 9457 {@code application/problem+json}: framework errors
 * through {@link ResponseEntityExceptionHandler}, StyleSync's own through {@link ProblemException},
 * and request-body errors with the offending field named in {@code detail} and listed in
 * {@code errors}. Unexpected exceptions become a 500 without internals.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public static final String TYPE_PREFIX = "urn:stylesync:problem:";
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /**
     * Tomcat parses parameters lazily, when a controller first asks for one, and throws this (an IllegalStateException)
     * for an undecodable value: the client's fault. Matched by name, and only as the exception itself (as a cause it
     * also wraps upload-size errors, which stay 413).
     */
    private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(e.status()), e.getMessage());
        pd.setType(URI.create(TYPE_PREFIX + e.type()));
        pd.setTitle(e.title());
        e.properties().forEach(pd::setProperty);
        if (e.status() >= 500) {
            log.warn("{}: {}", e.title(), e.getMessage(), e.getCause());
        }
        HttpHeaders headers = new HttpHeaders();
        if (e.status() == 503 || e.status() == 429) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(e.properties().getOrDefault("retryAfterSeconds", 5)));
        }
        return ResponseEntity.status(e.status()).headers(headers).body(pd);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        return badRequest("validation-failed", "Invalid request: " + describe(errors), errors);
    }

    /** A body declared multipart that cannot be parsed (no or wrong boundary, cut short); too large is a 413 (base class). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e) {
        return badRequest(
                "malformed-multipart",
                "The multipart/form-data body cannot be parsed (missing or wrong boundary, "
                        + "or the body is cut short).",
                List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (e.getClass().getName().equals(TOMCAT_INVALID_PARAMETER)) {
            return badRequest(
                    "malformed-parameters",
                    "A query or form parameter cannot be decoded (invalid "
                            + "percent-encoding or UTF-8), or there are too many.",
                    List.of());
        }
        log.error("Unhandled error", e);
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred; it has been logged.");
        pd.setType(URI.create(TYPE_PREFIX + "internal-error"));
        pd.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(pd);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new java.util.ArrayList<>(e.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::fieldError)
                .toList());
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(
                        Map.of("field", g.getObjectName(), "message", String.valueOf(g.getDefaultMessage()))));
        return asObject(badRequest("validation-failed", "Invalid request: " + describe(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> Map.of(
                                "field",
                                r.getMethodParameter().getParameterName() == null
                                        ? "parameter"
                                        : r.getMethodParameter().getParameterName(),
                                "message",
                                String.valueOf(err.getDefaultMessage()))))
                .toList();
        return asObject(badRequest("validation-failed", "Invalid request: " + describe(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException json = findCause(e, JacksonException.class);
        if (json == null) {
            return asObject(badRequest("malformed-request", "The request body is missing or unreadable.", List.of()));
        }
        String field = json.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        String reason = firstLine(json.getOriginalMessage());
        if (json instanceof StreamReadException) {
            var loc = json.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            return asObject(badRequest("malformed-json", "Malformed JSON" + where + ": " + reason, List.of()));
        }
        if (field.isEmpty()) {
            return asObject(badRequest("invalid-body", "Invalid request body: " + reason, List.of()));
        }
        List<Map<String, String>> errors = List.of(Map.of("field", field, "message", reason));
        return asObject(badRequest("invalid-field", "Invalid value for field '" + field + "': " + reason, errors));
    }

    private static ResponseEntity<ProblemDetail> badRequest(
            String type, String detail, List<Map<String, String>> errors) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        pd.setType(URI.create(TYPE_PREFIX + type));
        pd.setTitle("Bad request");
        if (!errors.isEmpty()) {
            pd.setProperty("errors", errors);
        }
        return ResponseEntity.badRequest().body(pd);
    }

    private static Map<String, String> fieldError(FieldError f) {
        return Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()));
    }

    private static String describe(List<Map<String, String>> errors) {
        return errors.stream()
                .map(m -> "'" + m.get("field") + "' " + m.get("message"))
                .sorted()
                .collect(Collectors.joining("; "));
    }

    /** "method.argument" paths of method validation name the argument alone. */
    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable value";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> r) {
        return (ResponseEntity) r;
    }
}
