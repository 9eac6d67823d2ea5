package dev.flotilla.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spark and library INFO lines are off by default and on when verbose; Flotilla's stay on. */
class LibraryLoggingTest {

  @AfterEach
  void quietAgain() {
    LibraryLogging.apply(false);
  }

  @Test
  void librariesWarnByDefaultAndInformWhenVerbose() {
    LibraryLogging.apply(false);
    assertThat(LogManager.getLogger("org.apache.spark.storage.BlockManager").isInfoEnabled()).isFalse();
    assertThat(LogManager.getLogger("ai.djl.pytorch.engine.PtEngine").isInfoEnabled()).isFalse();
    assertThat(LogManager.getLogger("org.apache.spark.storage.BlockManager").isWarnEnabled()).isTrue();
    assertThat(LogManager.getLogger("dev.flotilla.driver.JobRunner").isInfoEnabled()).isTrue();
    LibraryLogging.apply(true);
    assertThat(LogManager.getLogger("org.apache.spark.storage.BlockManager").isInfoEnabled()).isTrue();
    assertThat(LogManager.getLogger("org.nd4j.linalg.factory.Nd4jBackend").isInfoEnabled()).isTrue();
  }
}
