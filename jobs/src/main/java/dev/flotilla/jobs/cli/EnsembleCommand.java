package dev.flotilla.jobs.cli;

import dev.flotilla.ensembles.hdee.Combiner;
import dev.flotilla.ensembles.hdee.LiveEnsemble;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import java.io.File;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Scores a text file with, or samples text from, an ensemble of an hdee run. */
@Command(name = "ensemble", description = "Score text (bits per byte) or sample text with an hdee run's ensemble.")
final class EnsembleCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "an hdee run directory")
  String runDir;

  @Option(names = "--plan", defaultValue = "heterogeneous", description = "plan whose ensemble to load (default: ${DEFAULT-VALUE})")
  String plan;

  @Option(names = "--combiner", defaultValue = "posterior",
      description = "uniform, posterior, cached-prior or top-K (default: ${DEFAULT-VALUE})")
  String combiner;

  @Option(names = "--prior-domain", description = "domain whose cached prior to use (for cached-prior)")
  String priorDomain;

  @Option(names = "--score", paramLabel = "FILE", description = "print the ensemble's bits per byte on this text file")
  File score;

  @Option(names = "--sample", paramLabel = "PROMPT", description = "continue this prompt")
  String prompt;

  @Option(names = "--bytes", defaultValue = "300", description = "bytes to sample (default: ${DEFAULT-VALUE})")
  int bytes;

  @Option(names = "--temperature", defaultValue = "0.8", description = "sampling temperature (default: ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--seed", defaultValue = "1", description = "sampling seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    if ((score == null) == (prompt == null)) {
      throw new IllegalArgumentException("give exactly one of --score FILE or --sample PROMPT");
    }
    RunDir run = RunDir.at(runDir, new Configuration());
    org.apache.hadoop.fs.Path artifact = new org.apache.hadoop.fs.Path(run.root(),
        "ensembles/" + plan + "/" + dev.flotilla.ensembles.hdee.EnsembleArtifact.FILE);
    if (!run.fs().exists(artifact)) {
      throw new IllegalArgumentException(run.uri() + " has no ensemble of plan '" + plan + "' ("
          + artifact + " is missing): give a finished hdee run, and a plan it ran (--plan)");
    }
    try (LiveEnsemble e = LiveEnsemble.open(run.fs(), run.root(), plan, Combiner.of(combiner), priorDomain,
        ComputeBudget.wholeMachine())) {
      if (score != null) {
        double bpb = e.bitsPerByte(Files.readString(score.toPath()));
        System.out.printf(Locale.ROOT, "%s / %s on %s: %.4f bits per byte, perplexity %.3f per byte%n",
            plan, combiner, score, bpb, Math.pow(2, bpb));
      } else {
        System.out.println(prompt + e.sample(prompt, bytes, temperature, seed));
      }
    }
    return 0;
  }
}
