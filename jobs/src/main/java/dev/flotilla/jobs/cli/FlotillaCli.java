package dev.flotilla.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flotilla plan|run|status|select|ensemble|export|pool}: a thin layer that maps arguments onto the Java API.
 * Exit codes: 0 done, 1 some units failed, 2 bad config, input or usage, 3 run dir locked by a
 * live driver.
 */
@Command(name = "flotilla", mixinStandardHelpOptions = true, version = "flotilla 0.1.0",
    description = "Train ensembles and curate datasets as resumable work units on Apache Spark.",
    subcommands = {PlanCommand.class, RunCommand.class, StatusCommand.class, SelectCommand.class,
        EnsembleCommand.class, ExportCommand.class, PoolCommand.class, IndexCommand.class})
public final class FlotillaCli implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The CLI with its verbs, their --help, and the exit-code mapping of failures. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FlotillaCli());
    // Every verb answers --help (and --version) with its own usage.
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
    // A usage mistake is one line naming it and where the usage is, not the whole usage text.
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("flotilla: " + e.getMessage() + " (usage: "
          + cmd.getCommandSpec().qualifiedName() + " --help)");
      cmd.getErr().flush();
      return 2;
    });
    return cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("flotilla: " + e.getMessage());
      cmd.getErr().flush();
      if (e instanceof dev.flotilla.driver.manifest.RunDirLockedException) {
        return 3;
      }
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
