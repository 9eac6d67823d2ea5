package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.ensembles.hdee.EnsembleArtifact;
import dev.flotilla.executors.rundir.AtomicFiles;
import dev.flotilla.executors.rundir.RunDir;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * Publishes each plan's ensemble under a stable name, {@code <run>/ensembles/<plan>/ensemble.json}
 * (what {@code LiveEnsemble.open} and {@code flotilla ensemble} read). The artifact's model paths
 * are relative to the run dir, so its text is copied as it is.
 */
final class HdeeArtifacts {

  private HdeeArtifacts() {}

  static void publish(MergeContext run, HdeeResults.Ensemble e) throws IOException {
    RunDir dir = run.runDir();
    Path published = new Path(dir.root(), "ensembles/" + e.result().plan() + "/" + EnsembleArtifact.FILE);
    dir.fs().mkdirs(published.getParent());
    AtomicFiles.writeString(dir.fs(), dir.conf(), published,
        AtomicFiles.readString(dir.fs(), new Path(e.dir(), EnsembleArtifact.FILE)));
  }
}
