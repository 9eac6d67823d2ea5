package dev.flotilla.ensembles.corpus;

import dev.flotilla.executors.Seeds;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One domain of a corpus: every {@code <source>/<domain>/*.txt} file is a document. Exact
 * duplicate documents are kept once (so no document is in two splits), each distinct document
 * goes to train, valid or test by a hash of its content and the split seed, and each split is
 * written as a byte-token shard ({@link TokenFiles}) with a document marker before every
 * document. Commits {@code train.tok}, {@code valid.tok}, {@code test.tok} and {@code domain.json}.
 */
public record CorpusUnit(String domain, String source, long splitSeed, double validFraction,
    double testFraction, long sourceBytes) implements WorkUnit {

  public static final String KIND = "corpus-domain";
  public static final List<String> SPLITS = List.of("train", "valid", "test");
  /** Bytes a unit reads, tokenizes and writes per second of one core (for costs only). */
  private static final double BYTES_PER_SECOND = 20e6;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "corpus-" + domain;
  }

  @Override
  public double cost() {
    return 0.5 + sourceBytes / BYTES_PER_SECOND;
  }

  public static Path domainDir(String source, String domain) {
    return new Path(new Path(source), domain);
  }

  /** The domain's documents, by file name; a domain without any is an error naming its folder. */
  public static List<FileStatus> documents(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      throw new IllegalArgumentException("domain folder " + dir + " does not exist");
    }
    if ("file".equals(fs.getScheme())) {
      checkLocalEntries(dir);
    }
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      if (!s.getPath().getName().endsWith(".txt")) {
        continue;
      }
      if (!s.isFile()) {
        throw new IllegalArgumentException("document " + s.getPath() + " is not a readable file");
      }
      files.add(s);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("domain folder " + dir + " has no .txt files");
    }
    files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    return files;
  }

  /**
   * Hadoop's local listing skips entries it cannot stat (a dangling link vanishes from the list);
   * a .txt entry the user put there is a document, so such entries are refused instead.
   */
  private static void checkLocalEntries(Path dir) throws IOException {
    try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(java.nio.file.Path.of(dir.toUri()))) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) entries::iterator) {
        if (p.getFileName().toString().endsWith(".txt")
            && !(java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.isReadable(p))) {
          throw new IllegalArgumentException("document " + p + " is not a readable file"
              + (java.nio.file.Files.isSymbolicLink(p) ? " (a link to " + java.nio.file.Files.readSymbolicLink(p) + ")" : ""));
        }
      }
    }
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    Path dir = domainDir(source, domain);
    FileSystem fs = dir.getFileSystem(ctx.hadoopConf());
    List<FileStatus> files = documents(fs, dir);
    // Pass 1: distinct non-empty documents and their split; pass 2 writes the shards.
    Set<ByteBuffer> seen = new HashSet<>();
    long duplicates = 0;
    long empty = 0;
    List<FileStatus> docs = new ArrayList<>();
    List<Double> draws = new ArrayList<>();
    for (FileStatus f : files) {
      byte[] doc = readAll(fs, f);
      if (doc.length == 0) {
        empty++;
        continue;
      }
      byte[] digest = sha256(doc);
      if (!seen.add(ByteBuffer.wrap(digest))) {
        duplicates++;
        continue;
      }
      docs.add(f);
      draws.add((Seeds.mix(splitSeed, ByteBuffer.wrap(digest).getLong()) >>> 11) * 0x1.0p-53);
    }
    if (docs.size() < SPLITS.size()) {
      throw new IllegalArgumentException("domain " + domain + " (" + dir + ") has " + docs.size()
          + " distinct non-empty documents; train, valid and test need at least one each (one .txt file per document)");
    }
    String[] split = assign(draws);
    Map<String, TokenFiles.Writer> writers = new LinkedHashMap<>();
    Map<String, long[]> counts = new LinkedHashMap<>(); // split -> {documents, bytes}
    try {
      for (String s : SPLITS) {
        writers.put(s, new TokenFiles.Writer(ctx.fs().create(new Path(ctx.outputDir(), s + TokenFiles.SUFFIX), false)));
        counts.put(s, new long[2]);
      }
      for (int i = 0; i < docs.size(); i++) {
        byte[] doc = readAll(fs, docs.get(i));
        writers.get(split[i]).writeDocument(doc);
        counts.get(split[i])[0]++;
        counts.get(split[i])[1] += doc.length;
      }
    } finally {
      for (TokenFiles.Writer w : writers.values()) {
        w.close();
      }
    }
    CorpusResult result = new CorpusResult(files.size(), docs.size(), empty, duplicates,
        counts.get("train")[1], counts.get("train")[0], counts.get("valid")[1], counts.get("valid")[0],
        counts.get("test")[1], counts.get("test")[0], domain);
    writeRecord(ctx, dir, result);
    return UnitOutput.of(result);
  }

  /** {@code domain.json}: where the domain came from and its counts per split. */
  private static void writeRecord(UnitContext ctx, Path dir, CorpusResult r) throws IOException {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("domain", r.domain());
    record.put("source", dir.toString());
    record.put("files", (int) r.files());
    record.put("empty_documents", r.emptyDocuments());
    record.put("duplicate_documents", r.duplicateDocuments());
    Map<String, Object> splits = new LinkedHashMap<>();
    splits.put("train", Map.of("documents", r.documentsTrain(), "bytes", r.bytesTrain()));
    splits.put("valid", Map.of("documents", r.documentsValid(), "bytes", r.bytesValid()));
    splits.put("test", Map.of("documents", r.documentsTest(), "bytes", r.bytesTest()));
    record.put("splits", splits);
    try (OutputStream out = ctx.fs().create(new Path(ctx.outputDir(), "domain.json"), false)) {
      Json.FILES.writeValue(out, record);
    }
  }

  /**
   * train / valid / test from each document's draw (a hash of its content and the split seed),
   * stable across runs. A split the fractions leave empty (small domains) takes the train
   * document with the smallest draw, so every split has at least one document.
   */
  private String[] assign(List<Double> draws) {
    String[] split = new String[draws.size()];
    for (int i = 0; i < split.length; i++) {
      double u = draws.get(i);
      split[i] = u < testFraction ? "test" : u < testFraction + validFraction ? "valid" : "train";
    }
    for (String s : List.of("test", "valid")) {
      if (java.util.Arrays.asList(split).contains(s)) {
        continue;
      }
      int pick = -1;
      for (int i = 0; i < split.length; i++) {
        if (split[i].equals("train") && (pick < 0 || draws.get(i) < draws.get(pick))) {
          pick = i;
        }
      }
      split[pick] = s;
    }
    return split;
  }

  private static byte[] readAll(FileSystem fs, FileStatus f) throws IOException {
    if (f.getLen() > Integer.MAX_VALUE - 16) {
      throw new IOException(f.getPath() + ": " + f.getLen() + " bytes is too large for one document");
    }
    try (InputStream in = fs.open(f.getPath())) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IOException("cannot read document " + f.getPath() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(byte[] doc) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(doc);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
