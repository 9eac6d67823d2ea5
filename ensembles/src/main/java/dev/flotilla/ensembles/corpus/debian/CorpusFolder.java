package dev.flotilla.ensembles.corpus.debian;

import dev.flotilla.executors.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a corpus folder ({@code <domain>/<NNNNNN>.txt} in selection order, {@code domains.json},
 * {@code sources.tsv}) beside its final place, then renames it there: an old corpus (a folder
 * holding a domains.json) is replaced only once the new one is whole; any other non-empty folder
 * is refused.
 */
public final class CorpusFolder {

  private CorpusFolder() {}

  /** One file of the folder being built, by its path relative to the folder. */
  private interface FileWriter {
    void write(String relative, byte[] bytes) throws IOException;
  }

  /**
   * @param out a local path or a Hadoop FS URI
   * @param documents where each extraction unit's {@link DocumentsFile} is, by unit id
   */
  public static void write(String out, Configuration conf, List<DomainOutcome> domains, Map<String, Object> index,
      FileSystem runFs, Function<String, Path> documents) throws IOException {
    Path target = new Path(absolute(out));
    FileSystem fs = target.getFileSystem(conf);
    refuseForeign(fs, target);
    Path tmp = new Path(target.getParent(), target.getName() + ".tmp." + UUID.randomUUID());
    boolean done = false;
    try {
      FileWriter files = writer(fs, tmp);
      StringBuilder sources = new StringBuilder("domain\tfile\tsource\tbytes\tsha256\n");
      for (DomainOutcome d : domains) {
        List<SelectedDocument> docs = DocumentsFile.read(runFs, new Path(documents.apply(d.extractUnit()),
            DocumentsFile.NAME));
        for (int i = 0; i < docs.size(); i++) {
          String file = String.format("%06d.txt", i);
          byte[] text = docs.get(i).text();
          files.write(d.name() + "/" + file, text);
          sources.append(d.name()).append('\t').append(file).append('\t').append(docs.get(i).source()).append('\t')
              .append(text.length).append('\t').append(HexFormat.of().formatHex(sha256(text))).append('\n');
        }
      }
      String json = Json.FILES.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n";
      files.write("domains.json", json.getBytes(StandardCharsets.UTF_8));
      files.write("sources.tsv", sources.toString().getBytes(StandardCharsets.UTF_8));
      replace(fs, tmp, target);
      done = true;
    } finally {
      if (!done) {
        fs.delete(tmp, true);
      }
    }
  }

  private static void refuseForeign(FileSystem fs, Path target) throws IOException {
    if (!fs.exists(target)) {
      return;
    }
    if (!fs.getFileStatus(target).isDirectory()) {
      throw new IOException(target + " exists and is not a directory");
    }
    if (fs.listStatus(target).length > 0 && !fs.exists(new Path(target, "domains.json"))) {
      throw new IOException(target + " is not empty and holds no domains.json: refusing to replace it");
    }
  }

  /**
   * Local folders are written with java.nio: Hadoop's local file system writes a .crc beside
   * every file and, without its native library, forks chmod per file (12 files/s measured).
   */
  private static FileWriter writer(FileSystem fs, Path tmp) {
    if (fs instanceof LocalFileSystem) {
      java.nio.file.Path root = java.nio.file.Path.of(tmp.toUri());
      return (rel, bytes) -> {
        java.nio.file.Path p = root.resolve(rel);
        java.nio.file.Files.createDirectories(p.getParent());
        java.nio.file.Files.write(p, bytes);
      };
    }
    return (rel, bytes) -> {
      try (OutputStream o = fs.create(new Path(tmp, rel), false)) {
        o.write(bytes);
      }
    };
  }

  private static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
    Path old = null;
    if (fs.exists(target)) {
      old = new Path(target.getParent(), target.getName() + ".old." + UUID.randomUUID());
      if (!fs.rename(target, old)) {
        throw new IOException("cannot move the old corpus " + target + " aside");
      }
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
    if (old != null) {
      fs.delete(old, true);
    }
  }

  private static String absolute(String dir) {
    return URI.create(dir.replace(" ", "%20")).getScheme() == null ? new File(dir).getAbsoluteFile().toURI().toString()
        : dir;
  }

  private static byte[] sha256(byte[] b) {
    return SelectedDocument.sha256().digest(b);
  }
}
