package io.citadel.runtime.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The model is a pure core: it must not depend on Pekko, logging or other Citadel packages. */
class ModelArchitectureTest {

    private static final JavaClasses MODEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.citadel.runtime.model");

    @Test
    void modelDependsOnNeitherPekkoNorOtherCitadelPackages() {
        noClasses().that().resideInAPackage("io.citadel.runtime.model")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..", "org.slf4j..")
                .check(MODEL);
        noClasses().that().resideInAPackage("io.citadel.runtime.model")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.citadel.runtime.model", "java..",
                        "com.fasterxml.jackson.annotation..")
                .check(MODEL);
    }
}
