package io.stylesync.common.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class left out of {@code make test-unit} (JUnit tag {@code slow}; {@code make test} runs it): it needs a
 * real MLflow server, a browser, a whole shared dataset, or minutes of training. Every test class that uses
 * {@link MlflowServerExtension} or the browser must carry it (checked by {@link ArchitectureRules}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("slow")
public @interface SlowTest {

    /** Why it is slow, in a few words. */
    String value();
}
