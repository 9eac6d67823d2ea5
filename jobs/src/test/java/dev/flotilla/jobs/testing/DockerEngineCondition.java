package dev.flotilla.jobs.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs a test class only where a Docker engine answers ({@code scripts/setup} installs and starts
 * one); elsewhere it says so in one loud line on the console instead of skipping silently.
 */
public final class DockerEngineCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why;
    try {
      DockerClientFactory.instance().client();
      return ConditionEvaluationResult.enabled("Docker engine "
          + DockerClientFactory.instance().getActiveApiVersion());
    } catch (RuntimeException | LinkageError e) {
      why = e.getMessage();
    }
    String line = "CONTAINER TESTS NOT RUN (" + context.getDisplayName() + "): no Docker engine answers ("
        + why + "); run scripts/setup as root to install and start one";
    System.err.println("\n!!!!!!!! " + line + " !!!!!!!!\n");
    return ConditionEvaluationResult.disabled(line);
  }
}
