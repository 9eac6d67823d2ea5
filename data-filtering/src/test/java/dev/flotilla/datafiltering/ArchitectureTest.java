package dev.flotilla.datafiltering;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The data-filtering module's own architecture rule (docs/architecture.md, Modules); the rules between
 * modules are checked in jobs, which sees every module's classes.
 */
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and the spark4
      // build's test classes are in target/spark4/test-classes.
      .withImportOption(location -> !location.contains("/test-classes/"))
      .importPackages("dev.flotilla.datafiltering");

  @Test
  void packagesHaveNoCycles() {
    // One slice per package, the module's root package included.
    slices().matching("dev.flotilla.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  /** The rules above judge these classes: an import that found none would pass them vacuously. */
  @Test
  void theRulesSeeTheModulesClasses() {
    org.assertj.core.api.Assertions.assertThat(CLASSES.stream().map(c -> c.getName()))
        .contains("dev.flotilla.datafiltering.dfn.DfnScoreUnit", "dev.flotilla.datafiltering.pool.PoolFormat", "dev.flotilla.datafiltering.curation.TopFraction");
  }
}
