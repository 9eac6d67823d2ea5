package dev.flotilla.driver;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The driver module's architecture rules (docs/architecture.md, Modules): the job contract a
 * job implements (JobSpec, Plan, PlannedUnit, MergeContext) must not pull Spark or a native ML
 * library into a job's planning and merging, and the module's packages form no cycle.
 */
class ArchitectureTest {

  /** The driver's classes and the executors' it uses, so dependencies are followed through both. */
  private static final JavaClasses FLOTILLA = new ClassFileImporter()
      // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and the spark4
      // build's test classes are in target/spark4/test-classes.
      .withImportOption(location -> !location.contains("/test-classes/"))
      .importPackages("dev.flotilla");
  private static final JavaClasses DRIVER = FLOTILLA.that(resideInAPackage("dev.flotilla.driver.."));

  static final String CONTRACTS =
      "dev\\.flotilla\\.driver\\.(JobSpec|MergeContext|plan\\.Plan|plan\\.PlannedUnit)";

  /** Transitively through Flotilla's classes: what a contract hands out counts too. */
  @Test
  void theJobContractReachesNoSparkAndNoMlLibrary() {
    noClasses().that().haveNameMatching(CONTRACTS)
        .should().transitivelyDependOnClassesThat(resideInAnyPackage(
            "org.apache.spark..", "org.deeplearning4j..", "org.nd4j..", "ai.djl..")
            .as("Spark, DL4J, ND4J or DJL classes"))
        .check(FLOTILLA);
  }

  @Test
  void packagesHaveNoCycles() {
    // One slice per package, the module's root package included.
    slices().matching("dev.flotilla.(**)").should().beFreeOfCycles().check(DRIVER);
  }

  /** The rules above judge these classes: an import that found none would pass them vacuously. */
  @Test
  void theRulesSeeTheModulesClasses() {
    org.assertj.core.api.Assertions.assertThat(DRIVER.stream().map(c -> c.getName()))
        .contains("dev.flotilla.driver.JobSpec", "dev.flotilla.driver.MergeContext", "dev.flotilla.driver.plan.Plan", "dev.flotilla.driver.schedule.Scheduler");
  }
}
