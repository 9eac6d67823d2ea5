package dev.flotilla.ensembles.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a domain's documents are, on any Hadoop FileSystem, and how they are held.
 *
 * @param path a folder (its files of the format, by name), one file, or a glob
 * @param format {@code txt}, {@code jsonl} or {@code parquet} ({@link DocumentFormat})
 * @param field the JSONL field or Parquet column holding the text; null for {@code txt}
 */
public record DomainInput(String path, String format, String field) {

  public DomainInput {
    DocumentFormat f = DocumentFormat.of(format);
    if (f.hasField() && (field == null || field.isBlank())) {
      throw new IllegalArgumentException(format + " documents need a field (the " + (f == DocumentFormat.JSONL
          ? "JSON field" : "column") + " holding the text)");
    }
    if (!f.hasField() && field != null) {
      throw new IllegalArgumentException("txt documents are whole files: field '" + field + "' does not apply");
    }
  }

  /** The folder of a {@code <corpus>/<domain>/*.txt} domain. */
  public static DomainInput txtFolder(String corpus, String domain) {
    return new DomainInput(new Path(new Path(corpus), domain).toString(), DocumentFormat.TXT.configName(), null);
  }

  public DocumentFormat documentFormat() {
    return DocumentFormat.of(format);
  }

  /** The files holding the documents, by name; none is an error naming the path. */
  public List<FileStatus> files(FileSystem fs) throws IOException {
    Path p = new Path(path);
    DocumentFormat f = documentFormat();
    List<FileStatus> files = new ArrayList<>();
    if (isGlob(path)) {
      FileStatus[] matched = fs.globStatus(p);
      for (FileStatus s : matched == null ? new FileStatus[0] : matched) {
        if (s.isFile()) {
          files.add(s);
        }
      }
    } else {
      if (!fs.exists(p)) {
        throw new IllegalArgumentException((f == DocumentFormat.TXT ? "domain folder " : "domain path ") + p
            + " does not exist");
      }
      FileStatus st = fs.getFileStatus(p);
      if (st.isFile()) {
        files.add(st);
      } else {
        if ("file".equals(fs.getScheme())) {
          LocalEntries.check(p, f);
        }
        for (FileStatus s : fs.listStatus(p)) {
          if (!f.matches(s.getPath().getName())) {
            continue;
          }
          if (!s.isFile()) {
            throw new IllegalArgumentException("document " + s.getPath() + " is not a readable file");
          }
          files.add(s);
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException((f == DocumentFormat.TXT ? "domain folder " : "domain path ") + p
          + " has no " + f.extension() + " files");
    }
    files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    return files;
  }

  /** The documents of one of {@link #files}: a .txt file is one; a JSONL line or Parquet row each. */
  DocumentStream open(FileSystem fs, FileStatus file, BadRows bad, Configuration conf) throws IOException {
    return switch (documentFormat()) {
      case TXT -> new WholeFile(fs, file);
      case JSONL -> new JsonlDocuments(fs, file.getPath(), field, bad, conf);
      case PARQUET -> new ParquetDocuments(file.getPath(), field, bad, conf);
    };
  }

  private static boolean isGlob(String path) {
    return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** A .txt file as one document. */
  private static final class WholeFile implements DocumentStream {
    private final FileSystem fs;
    private final FileStatus file;
    private boolean done;

    WholeFile(FileSystem fs, FileStatus file) {
      this.fs = fs;
      this.file = file;
    }

    @Override
    public byte[] next() throws IOException {
      if (done) {
        return null;
      }
      done = true;
      if (file.getLen() > Integer.MAX_VALUE - 16) {
        throw new IOException(file.getPath() + ": " + file.getLen() + " bytes is too large for one document");
      }
      try (InputStream in = fs.open(file.getPath())) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new IOException("cannot read document " + file.getPath() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {}
  }
}
