package dev.flotilla.datafiltering.dfn;

import dev.flotilla.datafiltering.pool.GroundTruth;
import dev.flotilla.executors.unit.UnitContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * A file a dfn unit reads: {@code file} inside the committed output of unit {@code unitId}, or,
 * with {@code unitId} null, a file of an existing pool given as a URI on any Hadoop FS.
 */
public record ShardRef(String unitId, String file) {

  public ShardRef {
    if (file == null || file.isEmpty()) {
      throw new IllegalArgumentException("a shard reference needs a file");
    }
  }

  public static ShardRef ofUnit(String unitId, String file) {
    return new ShardRef(unitId, file);
  }

  public static ShardRef external(String uri) {
    return new ShardRef(null, uri);
  }

  Path resolve(UnitContext ctx) {
    return unitId != null ? new Path(ctx.committedOutput(unitId), file) : new Path(file);
  }

  /** How the curated table names the source shard: the pool unit, or the external file. */
  String label() {
    return unitId != null ? unitId : file;
  }

  /** The ground-truth files behind {@code refs} (an external ref may be a directory of .tsv). */
  static List<Path> truthFiles(List<ShardRef> refs, UnitContext ctx) throws IOException {
    List<Path> out = new ArrayList<>();
    for (ShardRef r : refs) {
      if (r.unitId != null) {
        out.add(r.resolve(ctx));
      } else {
        out.addAll(GroundTruth.files(r.resolve(ctx), ctx.hadoopConf()));
      }
    }
    return out;
  }
}
