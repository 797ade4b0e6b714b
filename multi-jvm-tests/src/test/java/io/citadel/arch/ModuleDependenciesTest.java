package io.citadel.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module dependencies point one way: security-extensions <- runtime <- actors-master, actors-agent. */
class ModuleDependenciesTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.citadel");

  @Test
  void securityExtensionsKnowNoCitadelDomain() {
    noClasses().that().resideInAPackage("io.citadel.security..")
        .should().dependOnClassesThat().resideInAnyPackage("io.citadel.runtime..", "io.citadel.master..", "io.citadel.agent..")
        .check(CLASSES);
  }

  @Test
  void runtimeNeverImportsARole() {
    noClasses().that().resideInAPackage("io.citadel.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("io.citadel.master..", "io.citadel.agent..")
        .check(CLASSES);
  }

  @Test
  void masterAndAgentNeverImportEachOther() {
    noClasses().that().resideInAPackage("io.citadel.master..")
        .should().dependOnClassesThat().resideInAPackage("io.citadel.agent..").check(CLASSES);
    noClasses().that().resideInAPackage("io.citadel.agent..")
        .should().dependOnClassesThat().resideInAPackage("io.citadel.master..").check(CLASSES);
  }
}
