package dev.flotilla.jobs.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Rules between modules (docs/architecture.md, Modules), checked here because jobs sees every
 * module's classes: jobs is thin wiring on top of the domain modules, never under them, and the
 * domain modules (ensembles, data-filtering) know nothing of the driver. Each module's own rules
 * (Spark-free executors, the contracts, package cycles) are in that module's ArchitectureTest.
 */
class ModuleRulesTest {

  private static final JavaClasses ALL = new ClassFileImporter()
      // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and the spark4
      // build's test classes are in target/spark4/test-classes.
      .withImportOption(location -> !location.contains("/test-classes/"))
      .importPackages("dev.flotilla");

  @Test
  void noOtherModuleDependsOnJobs() {
    noClasses().that().resideInAnyPackage("dev.flotilla.executors..", "dev.flotilla.driver..",
            "dev.flotilla.ensembles..", "dev.flotilla.datafiltering..")
        .should().dependOnClassesThat().resideInAPackage("dev.flotilla.jobs..")
        .check(ALL);
  }

  @Test
  void ensemblesAndDataFilteringDoNotDependOnTheDriver() {
    noClasses().that().resideInAnyPackage("dev.flotilla.ensembles..", "dev.flotilla.datafiltering..")
        .should().dependOnClassesThat().resideInAPackage("dev.flotilla.driver..")
        .check(ALL);
  }

  @Test
  void jobsPackagesHaveNoCycles() {
    // One slice per package, the module's root package (JobKinds, JobFactory) included.
    slices().matching("dev.flotilla.(**)").should().beFreeOfCycles()
        .check(ALL.that(resideInAPackage("dev.flotilla.jobs..")));
  }

  /** The rules above judge these classes: an import that found none would pass them vacuously. */
  @Test
  void theRulesSeeTheModulesClasses() {
    org.assertj.core.api.Assertions.assertThat(ALL.stream().map(c -> c.getName()))
        .contains("dev.flotilla.jobs.JobKinds", "dev.flotilla.executors.unit.WorkUnit", "dev.flotilla.driver.JobSpec", "dev.flotilla.ensembles.hdee.LmTraining", "dev.flotilla.datafiltering.dfn.DfnScoreUnit");
  }
}
