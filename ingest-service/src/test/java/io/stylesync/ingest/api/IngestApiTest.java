package io.stylesync.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.ingest.support.IngestApi;
import io.stylesync.ingest.support.IngestServiceTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx problem+json naming the problem; the service's operational endpoints answer. */
class IngestApiTest extends IngestServiceTest {

    @BeforeAll
    static void source() {
        put("raw-api", "ok/styles.csv", "id,articleType\n1,Shirts\n".getBytes());
        put("raw-api", "ok/images/1.jpg", ImageCorpus.jpeg(32, 32, 1));
        put("raw-api", "nostyles/images/1.jpg", ImageCorpus.jpeg(32, 32, 1));
    }

    private void assertProblem(IngestApi.Reply reply, int status, String... detailContains) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.json().get("detail").asString()).contains(detailContains);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing source          | {"layout":"kaggle-styles"}                                                   | 'source'
            missing layout          | {"source":"s3://raw-api/ok"}                                                 | 'layout'
            not an s3 uri           | {"source":"http://raw-api/ok","layout":"kaggle-styles"}                      | 'source'
            unknown layout          | {"source":"s3://raw-api/ok","layout":"zip"}                                  | 'layout'
            split not summing to 1  | {"source":"s3://raw-api/ok","layout":"kaggle-styles","split":{"train":0.9,"val":0.2,"test":0.1}} | sum
            negative ratio          | {"source":"s3://raw-api/ok","layout":"kaggle-styles","split":{"train":1.2,"val":-0.1,"test":-0.1}} | 'split.val'
            image size too small    | {"source":"s3://raw-api/ok","layout":"kaggle-styles","imageSize":2}          | 'imageSize'
            image size not a number | {"source":"s3://raw-api/ok","layout":"kaggle-styles","imageSize":"big"}      | 'imageSize'
            bad dataset name        | {"source":"s3://raw-api/ok","layout":"kaggle-styles","dataset":"../etc"}     | 'dataset'
            path traversal in key   | {"source":"s3://raw-api/../x","layout":"kaggle-styles"}                      | '..'
            repeated attribute      | {"source":"s3://raw-api/ok","layout":"kaggle-styles","targetAttributes":["a","a"]} | 'targetAttributes'
            stratify by non-target  | {"source":"s3://raw-api/ok","layout":"kaggle-styles","stratifyBy":"gender"}  | 'stratifyBy'
            malformed json          | {"source":                                                                   | Malformed JSON
            json array              | []                                                                           | Invalid
            """)
    void malformedRequestsAre400NamingTheField(String name, String body, String expected) {
        assertProblem(api.postJson("/api/v1/datasets", body), 400, expected);
    }

    @Test
    void aMissingBucketPrefixOrMetadataIs422() {
        assertProblem(
                api.postJson("/api/v1/datasets", "{\"source\":\"s3://no-such-bucket/x\",\"layout\":\"kaggle-styles\"}"),
                422,
                "bucket 'no-such-bucket' does not exist");
        assertProblem(
                api.postJson("/api/v1/datasets", "{\"source\":\"s3://raw-api/empty\",\"layout\":\"kaggle-styles\"}"),
                422,
                "no objects under s3://raw-api/empty/");
        assertProblem(
                api.postJson("/api/v1/datasets", "{\"source\":\"s3://raw-api/nostyles\",\"layout\":\"kaggle-styles\"}"),
                422,
                "styles.csv",
                "does not exist");
        assertProblem(
                api.postJson(
                        "/api/v1/datasets",
                        "{\"source\":\"s3://raw-api/ok\",\"layout\":\"kaggle-styles\","
                                + "\"targetAttributes\":[\"articleType\",\"season\"]}"),
                422,
                "no column [season]");
    }

    @Test
    void unknownJobsAndVersionsAre404AndMalformedVersionsAre400() {
        assertProblem(api.get("/api/v1/ingest-jobs/nope"), 404, "no ingest job nope");
        assertProblem(api.get("/api/v1/datasets/v0000000000000000"), 404, "no dataset version");
        assertProblem(api.get("/api/v1/datasets/not-a-version"), 400, "'version' must look like v0123456789abcdef");
        assertThat(api.get("/api/v1/datasets/..%2F..%2Fetc").status())
                .as("Tomcat refuses encoded '/' itself")
                .isEqualTo(400);
        assertProblem(api.get("/api/v1/nothing-here"), 404, "");
    }

    @Test
    void wrongMediaTypeIs415() {
        assertProblem(api.post("/api/v1/datasets", "text/plain", "source=x"), 415, "text/plain");
    }

    @Test
    void healthProbesMetricsAndSwaggerAnswer() {
        assertThat(api.get("/actuator/health/liveness").body()).contains("UP");
        assertThat(api.get("/actuator/health/readiness").body()).contains("UP");
        assertThat(api.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
        assertThat(api.get("/v3/api-docs").body()).contains("/api/v1/datasets", "/api/v1/ingest-jobs/{id}");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/actuator/env").status()).isEqualTo(404);
    }
}
