package dev.flotilla.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.driver.JobSpec;
import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.driver.report.Report;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.LearningCurve;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * A run directory whose units are committed by hand, without Spark: each unit gets a real
 * {@code _UNIT.json} (through {@link UnitRecordCodec}) holding the result a test chooses, and
 * any output files. Merging it runs a job's report exactly as after a real run.
 */
public final class CommittedRun {

  private final Path dir;
  private final Plan plan;

  public CommittedRun(Path dir, Plan plan) {
    this.dir = dir;
    this.plan = plan;
  }

  /** Commits {@code unit} with {@code result} as its metrics and facts, run from start to end. */
  public void commit(PlannedUnit unit, Record result, long startMillis, long endMillis,
      String executor) throws IOException {
    commit(unit, result, LearningCurve.NONE, startMillis, endMillis, executor);
  }

  /** Commits a unit whose training left {@code curve}. */
  public void commit(PlannedUnit unit, Record result, LearningCurve curve, long startMillis,
      long endMillis, String executor) throws IOException {
    UnitOutput out = UnitOutput.of(result, curve);
    JsonNode spec = Json.CANONICAL.readTree(UnitCodec.toJson(unit.unit()));
    UnitRecord rec = new UnitRecord(unit.id(), unit.kind(), unit.unit().name(), spec, 0, 0,
        executor, "localhost", 1, startMillis, endMillis, -1, 7, out.metrics(), out.facts(),
        List.of(), out.curve());
    Files.createDirectories(unitDir(unit));
    Files.writeString(unitDir(unit).resolve("_UNIT.json"), UnitRecordCodec.toJson(rec));
  }

  /** Writes an output file of a committed unit. */
  public void output(PlannedUnit unit, String file, Object json) throws IOException {
    Files.createDirectories(unitDir(unit));
    Json.FILES.writeValue(unitDir(unit).resolve(file).toFile(), json);
  }

  public RunDir runDir() {
    return RunDir.at(dir.toUri().toString(), new Configuration());
  }

  /** Merges the run into a fresh report and writes it under {@code <run>/report/}. */
  public Report merge(JobSpec job) throws IOException {
    Report report = new Report(job.kind() + " test run");
    job.merge(new MergeContext(runDir(), new RunManifest(), plan), report);
    report.write(runDir());
    return report;
  }

  /** A table of the written report, as its JSON rows. */
  public JsonNode table(String name) throws IOException {
    return Json.FILES.readTree(dir.resolve("report").resolve(name + ".json").toFile());
  }

  /** The report's facts. */
  public JsonNode facts() throws IOException {
    return Json.FILES.readTree(dir.resolve("report").resolve("report.json").toFile()).path("facts");
  }

  private Path unitDir(PlannedUnit unit) {
    return dir.resolve("units").resolve(unit.id());
  }
}
