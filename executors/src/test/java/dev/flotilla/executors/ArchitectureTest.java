package dev.flotilla.executors;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The executors module's architecture rules (docs/architecture.md, Modules): what runs in a task
 * knows nothing of Spark, and the unit contract knows no native ML library either, so a unit can
 * be written, tested and run without them.
 */
class ArchitectureTest {

  private static final JavaClasses EXECUTORS = new ClassFileImporter()
      // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and the spark4
      // build's test classes are in target/spark4/test-classes.
      .withImportOption(location -> !location.contains("/test-classes/"))
      .importPackages("dev.flotilla.executors");

  /** The unit contract; UnitRecord is matched by name so it joins the rule once it exists. */
  static final String CONTRACTS = "dev\\.flotilla\\.executors\\.unit\\.(WorkUnit|UnitContext|UnitRecord)";

  @Test
  void noExecutorsClassUsesSpark() {
    noClasses().that().resideInAPackage("dev.flotilla.executors..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.spark..")
        .check(EXECUTORS);
  }

  /** Transitively: a contract that hands out a Flotilla type holding a DJL array leaks DJL too. */
  @Test
  void theUnitContractReachesNoSparkAndNoMlLibrary() {
    noClasses().that().haveNameMatching(CONTRACTS)
        .should().transitivelyDependOnClassesThat(resideInAnyPackage(
            "org.apache.spark..", "org.deeplearning4j..", "org.nd4j..", "ai.djl..")
            .as("Spark, DL4J, ND4J or DJL classes"))
        .check(EXECUTORS);
  }

  @Test
  void packagesHaveNoCycles() {
    // One slice per package, the module's root package included.
    slices().matching("dev.flotilla.(**)").should().beFreeOfCycles().check(EXECUTORS);
  }

  /** The rules above judge these classes: an import that found none would pass them vacuously. */
  @Test
  void theRulesSeeTheModulesClasses() {
    org.assertj.core.api.Assertions.assertThat(EXECUTORS.stream().map(c -> c.getName()))
        .contains("dev.flotilla.executors.unit.WorkUnit", "dev.flotilla.executors.unit.UnitContext", "dev.flotilla.executors.unit.UnitRecord", "dev.flotilla.executors.backend.Backends");
  }
}
