package io.stylesync.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.stylesync.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class CommonArchitectureTest {

    private final JavaClasses common = ArchitectureRules.importPackage("io.stylesync.common");

    @Test
    void onlyTheWebPackageUsesWebTypes() {
        noClasses()
                .that()
                .resideInAPackage("io.stylesync.common..")
                .and()
                .resideOutsideOfPackage("io.stylesync.common.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "org.springframework.http..")
                .because("common is shared by batch code too; web handling lives in io.stylesync.common.web alone")
                .check(common);
    }

    @Test
    void commonDependsOnNoService() {
        noClasses()
                .that()
                .resideInAPackage("io.stylesync.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ArchitectureRules.SERVICES.stream()
                        .map(s -> "io.stylesync." + s + "..")
                        .toArray(String[]::new))
                .check(common);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.stylesync.common.(*)..").should().beFreeOfCycles().check(common);
    }

    @Test
    void testsFailUnderCiWithoutPrerequisitesAndSlowOnesAreTagged() {
        ArchitectureRules.checkTestsSkipOnlyThroughPrerequisites("io.stylesync.common");
        ArchitectureRules.checkSlowTestsAreTagged("io.stylesync.common");
    }
}
