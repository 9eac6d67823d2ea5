package dev.flotilla.datafiltering.curation;

import dev.flotilla.datafiltering.pool.Uids;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** A list of uids from any Hadoop FS: a DataComp {@code .npy} ({@link UidArray}) or text, one hex uid a line. */
public final class UidList {

  private UidList() {}

  public static List<String> read(String file, Configuration conf) throws IOException {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      if (file.endsWith(".npy")) {
        return UidArray.read(in, file);
      }
      List<String> out = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String uid = line.strip();
        if (uid.isEmpty()) {
          continue;
        }
        try {
          Uids.check(uid);
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + n + ": not a 32-hex uid: '" + uid + "'");
        }
        out.add(uid);
      }
      return out;
    }
  }
}
