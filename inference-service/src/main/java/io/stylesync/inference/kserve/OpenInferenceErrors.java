package io.stylesync.inference.kserve;

import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Errors under {@code /v2/} in the Open Inference Protocol's form, {@code {"error": "<message>"}} as
 * {@code application/json}, which its clients (tritonclient, KServe's) parse; the status and the message are the
 * problem the shared handler made, so every error keeps one wording. problem+json stays everywhere else.
 */
@ControllerAdvice
class OpenInferenceErrors implements ResponseBodyAdvice<Object> {

    static final String PREFIX = "/v2/";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (!(body instanceof ProblemDetail problem) || !underV2(request)) {
            return body;
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        String message = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
        return Map.of("error", message == null ? "HTTP " + problem.getStatus() : message);
    }

    private static boolean underV2(ServerHttpRequest request) {
        if (request instanceof ServletServerHttpRequest servlet) {
            var http = servlet.getServletRequest();
            return http.getRequestURI().startsWith(http.getContextPath() + PREFIX);
        }
        return request.getURI().getPath().startsWith(PREFIX);
    }
}
