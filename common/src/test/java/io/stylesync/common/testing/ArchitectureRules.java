package io.stylesync.common.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The architectural lines every StyleSync module holds, checked by each module's own test. */
public final class ArchitectureRules {

    public static final List<String> SERVICES = List.of("ingest", "training", "inference", "monitoring");

    private ArchitectureRules() {}

    public static JavaClasses importPackage(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /**
     * Tests skip for a missing prerequisite only through {@link Prerequisites}, which fails instead under CI: no
     * other test class calls JUnit's {@code Assumptions} (a plain assumption would skip in CI too).
     */
    public static void checkTestsSkipOnlyThroughPrerequisites(String rootPackage) {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(rootPackage);
        noClasses()
                .that()
                .doNotBelongToAnyOf(Prerequisites.class, ArchitectureRules.class)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Assumptions.class)
                .because("under CI=true a missing prerequisite must fail the run (Prerequisites.require), not skip")
                .allowEmptyShould(true)
                .check(tests);
    }

    /** Test classes that start MLflow or drive a browser are {@link SlowTest}s, which {@code make test-unit} skips. */
    public static void checkSlowTestsAreTagged(String rootPackage) {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(rootPackage);
        DescribedPredicate<JavaClass> slowFixtures = DescribedPredicate.describe(
                "use MLflow or the browser",
                c -> c.getDirectDependenciesFromSelf().stream()
                        .map(d -> d.getTargetClass().getSimpleName())
                        .anyMatch(n -> n.equals("MlflowServerExtension") || n.equals("WebPageDriver")));
        classes()
                .that(slowFixtures)
                .and()
                .doNotHaveSimpleName("WebPageDriver")
                .and()
                .areTopLevelClasses()
                .should()
                .beAnnotatedWith(SlowTest.class)
                .because("make test-unit is the fast edit-test loop: no MLflow, no browser")
                .allowEmptyShould(true)
                .check(tests);
    }

    /** A service imports no other service; it shares code only through common. */
    public static void checkServiceIsolation(String service) {
        JavaClasses classes = importPackage("io.stylesync." + service);
        for (String other : SERVICES) {
            if (!other.equals(service)) {
                noClasses()
                        .that()
                        .resideInAPackage("io.stylesync." + service + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("io.stylesync." + other + "..")
                        .because("services share only io.stylesync.common")
                        .allowEmptyShould(true)
                        .check(classes);
            }
        }
        slices().matching("io.stylesync." + service + ".(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }
}
