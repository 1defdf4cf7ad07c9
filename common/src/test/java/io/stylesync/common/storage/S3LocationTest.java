package io.stylesync.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefix() {
        assertThat(S3Location.parse("s3://raw-data/fashion/images"))
                .isEqualTo(S3Location.of("raw-data", "fashion/images"));
        assertThat(S3Location.parse("s3://raw-data")).isEqualTo(S3Location.of("raw-data", ""));
        assertThat(S3Location.parse("s3://raw-data/p").asPrefix().key()).isEqualTo("p/");
        assertThat(S3Location.parse("s3://raw-data/p/").resolve("x/y.jpg").key())
                .isEqualTo("p/x/y.jpg");
        assertThat(S3Location.of("b-1", "p/x/y.jpg").relativeTo(S3Location.of("b-1", "p")))
                .isEqualTo("x/y.jpg");
        assertThat(S3Location.of("b-1", "p/x/y.jpg").fileName()).isEqualTo("y.jpg");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://bucket/x",
                "s3://",
                "s3://UPPER/x",
                "s3://a/x",
                "s3://bucket/../etc/passwd",
                "s3://bucket/a/../../b",
                "s3:///abs",
                "s3://bucket//abs",
                "s3://bucket/a\u0000b",
                "s3://bucket/a\\..\\b",
                "s3://bu..cket/x",
                "s3://bucket/./x"
            })
    void rejectsMalformedAndEscapingLocations(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri)).isInstanceOf(InvalidLocationException.class);
    }

    @Test
    void resolveRejectsTraversal() {
        assertThatThrownBy(() -> S3Location.of("bucket", "base/").resolve("../other"))
                .isInstanceOf(InvalidLocationException.class);
        assertThatThrownBy(() -> S3Location.of("bucket", "base/").resolve("/abs"))
                .isInstanceOf(InvalidLocationException.class);
    }
}
