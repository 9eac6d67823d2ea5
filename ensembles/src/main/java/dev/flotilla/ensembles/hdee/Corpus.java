package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.unit.UnitContext;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/** Reads committed corpus shards inside a unit. */
final class Corpus {

  private Corpus() {}

  static char[] split(UnitContext ctx, DomainRef d, String split) throws IOException {
    Path file = new Path(ctx.committedOutput(d.corpusUnit()), split + TokenFiles.SUFFIX);
    return TokenFiles.read(ctx.fs(), file);
  }
}
