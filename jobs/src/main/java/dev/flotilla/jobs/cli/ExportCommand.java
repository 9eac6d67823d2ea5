package dev.flotilla.jobs.cli;

import dev.flotilla.ensembles.hdee.EnsembleArtifact;
import dev.flotilla.ensembles.hdee.EnsembleExport;
import dev.flotilla.executors.export.ModelUnit;
import dev.flotilla.executors.export.PortableModel;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.ComputeBudget;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes a committed model in the portable format {@code select --export} writes (safetensors
 * + JSON architecture config): a training unit's model (sweep nets, HDEE seeds and experts, the
 * DFN filtering network), or an HDEE plan's ensemble (its experts and combiner weights).
 */
@Command(name = "export", description = "Export a trained unit's model or an hdee ensemble as safetensors + JSON config.")
final class ExportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run directory")
  String runDir;

  @ArgGroup(multiplicity = "1")
  What what;

  static final class What {
    @Option(names = "--unit", paramLabel = "ID", required = true,
        description = "a committed unit's id (or a prefix naming one unit): sweep-train, hdee-seed, "
            + "hdee-expert, hdee-dense or dfn-train")
    String unit;

    @Option(names = "--ensemble", paramLabel = "PLAN", required = true,
        description = "an hdee plan whose ensemble to export (experts + combiner weights)")
    String ensemble;
  }

  @Option(names = "--to", paramLabel = "PATH", required = true, description = "for --unit: the "
      + "safetensors file (its config is written beside it, FILE's name with .json); for "
      + "--ensemble: an existing folder (ensemble.json, expert-<i>.safetensors and .json)")
  File to;

  @Override
  public Integer call() throws Exception {
    File folder = what.ensemble != null ? to.getAbsoluteFile() : to.getAbsoluteFile().getParentFile();
    if (!folder.isDirectory()) {
      // Checked before any work: one line naming the option, never a stack trace at the end.
      throw new IllegalArgumentException("--to " + to + ": the folder " + folder + " does not exist");
    }
    RunDir run = RunDir.at(runDir, new Configuration());
    if (what.ensemble != null) {
      exportEnsemble(run);
    } else {
      exportUnit(run);
    }
    return 0;
  }

  private void exportUnit(RunDir run) throws Exception {
    String id = committedUnit(run, what.unit);
    UnitRecord record = UnitRecordCodec.read(run, id);
    WorkUnit unit = record.unit();
    if (!(unit instanceof ModelUnit trained)) {
      throw new IllegalArgumentException("unit " + id + " is a '" + record.kind()
          + "' unit, which commits no trained model");
    }
    PortableModel model = trained.portableModel(run.fs(), run.unit(id), ComputeBudget.wholeMachine());
    File config = SelectCommand.configOf(to);
    try (OutputStream w = Files.newOutputStream(to.toPath());
         OutputStream c = Files.newOutputStream(config.toPath())) {
      model.write(w, c);
    }
    System.out.printf("exported %s (%s, %d params) to %s and %s%n", id, model.format(),
        model.parameterCount(), to, config);
  }

  private void exportEnsemble(RunDir run) throws Exception {
    Path file = new Path(run.root(), "ensembles/" + what.ensemble + "/" + EnsembleArtifact.FILE);
    if (!run.fs().exists(file)) {
      throw new IllegalArgumentException(run.uri() + " has no ensemble of plan '" + what.ensemble
          + "' (" + file + " is missing): give a finished hdee run, and a plan it ran");
    }
    EnsembleArtifact artifact = EnsembleArtifact.read(run.fs(), file);
    List<Long> params = EnsembleExport.write(run.fs(), run.root(), artifact, to.toPath(),
        ComputeBudget.wholeMachine());
    System.out.printf("exported the %s ensemble (%d experts, %s params) to %s%n", what.ensemble,
        params.size(), params, new File(to, EnsembleExport.FILE));
  }

  /** The committed unit whose id is {@code given}, or the only one whose id starts with it. */
  private static String committedUnit(RunDir run, String given) throws Exception {
    if (run.isCommitted(given)) {
      return given;
    }
    List<String> matches = new ArrayList<>();
    if (run.fs().exists(run.units())) {
      for (FileStatus s : run.fs().listStatus(run.units())) {
        if (s.getPath().getName().startsWith(given) && run.isCommitted(s.getPath().getName())) {
          matches.add(s.getPath().getName());
        }
      }
    }
    if (matches.size() != 1) {
      throw new IllegalArgumentException("--unit " + given + ": " + (matches.isEmpty()
          ? "no committed unit of " + run.uri() + " has that id" : matches.size()
          + " committed units start with it: " + matches));
    }
    return matches.get(0);
  }
}
