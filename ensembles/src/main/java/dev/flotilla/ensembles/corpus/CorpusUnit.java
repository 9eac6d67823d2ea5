package dev.flotilla.ensembles.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.executors.Seeds;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.IOException;
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
 * One domain of a corpus: its documents ({@link DomainInput}: every {@code .txt} file of a folder,
 * or every line of JSONL files, or every row of Parquet files, on any Hadoop FS). Exact
 * duplicate documents are kept once (so no document is in two splits), each distinct document
 * goes to train, valid or test by a hash of its content and the split seed, and each split is
 * written as a byte-token shard ({@link TokenFiles}) with a document marker before every
 * document. Rows holding no document are counted per reason ({@link BadRows}); a domain left
 * with fewer than three documents fails naming the first bad row. Commits {@code train.tok},
 * {@code valid.tok}, {@code test.tok} and {@code domain.json}.
 *
 * @param source the corpus folder of a {@code <source>/<domain>/*.txt} domain, or the path of
 *     a domain given with its own input
 * @param input where and how the documents are held; null for {@code <source>/<domain>/*.txt}
 *     (left out of the spec then, so such units keep the ids they had before inputs existed)
 */
public record CorpusUnit(String domain, String source, long splitSeed, double validFraction,
    double testFraction, long sourceBytes, @JsonInclude(JsonInclude.Include.NON_NULL) DomainInput input)
    implements WorkUnit {

  public static final String KIND = "corpus-domain";
  public static final List<String> SPLITS = List.of("train", "valid", "test");
  /** Bytes a unit reads, tokenizes and writes per second of one core (for costs only). */
  private static final double BYTES_PER_SECOND = 20e6;

  /** A {@code <source>/<domain>/*.txt} domain. */
  public CorpusUnit(String domain, String source, long splitSeed, double validFraction, double testFraction,
      long sourceBytes) {
    this(domain, source, splitSeed, validFraction, testFraction, sourceBytes, null);
  }

  /** Where the documents are: the input given, else the domain's folder of .txt files. */
  public DomainInput documents() {
    return input != null ? input : DomainInput.txtFolder(source, domain);
  }

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

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    DomainInput in = documents();
    FileSystem fs = new Path(in.path()).getFileSystem(ctx.hadoopConf());
    List<FileStatus> files = in.files(fs);
    // Pass 1: which documents (in stream order) are distinct and non-empty, and their split;
    // pass 2 streams them again and writes the shards (one byte per document held, not its text).
    Set<ByteBuffer> seen = new HashSet<>();
    BadRows bad = new BadRows();
    long[] leftOut = new long[2]; // empty, duplicate
    List<Double> draws = new ArrayList<>();
    java.util.BitSet kept = new java.util.BitSet();
    long ordinal = forEachDocument(ctx, fs, in, files, bad, (i, doc) -> {
      if (doc.length == 0) {
        leftOut[0]++;
        return;
      }
      byte[] digest = sha256(doc);
      if (!seen.add(ByteBuffer.wrap(digest))) {
        leftOut[1]++;
        return;
      }
      kept.set(Math.toIntExact(i));
      draws.add((Seeds.mix(splitSeed, ByteBuffer.wrap(digest).getLong()) >>> 11) * 0x1.0p-53);
    });
    seen.clear();
    if (draws.size() < SPLITS.size()) {
      throw new IllegalArgumentException("domain " + domain + " (" + in.path() + ") has " + draws.size()
          + " distinct non-empty documents in " + ordinal + (in.documentFormat() == DocumentFormat.TXT
          ? "; train, valid and test need at least one each (one .txt file per document)"
          : " rows; train, valid and test need at least one each" + (bad.total() > 0 ? "; first bad row: "
          + bad.describeFirst() : "")));
    }
    String[] split = assign(draws);
    Map<String, TokenFiles.Writer> writers = new LinkedHashMap<>();
    Map<String, long[]> counts = new LinkedHashMap<>(); // split -> {documents, bytes}
    try {
      for (String s : SPLITS) {
        writers.put(s, new TokenFiles.Writer(ctx.fs().create(new Path(ctx.outputDir(), s + TokenFiles.SUFFIX), false)));
        counts.put(s, new long[2]);
      }
      int[] k = {0};
      forEachDocument(ctx, fs, in, files, new BadRows(), (i, doc) -> {
        if (kept.get(Math.toIntExact(i))) {
          String s = split[k[0]++];
          writers.get(s).writeDocument(doc);
          counts.get(s)[0]++;
          counts.get(s)[1] += doc.length;
        }
      });
    } finally {
      for (TokenFiles.Writer w : writers.values()) {
        w.close();
      }
    }
    CorpusResult result = new CorpusResult(files.size(), draws.size(), leftOut[0], leftOut[1],
        counts.get("train")[1], counts.get("train")[0], counts.get("valid")[1], counts.get("valid")[0],
        counts.get("test")[1], counts.get("test")[0], bad.count(BadRows.INVALID_JSON),
        bad.count(BadRows.MISSING_FIELD), bad.count(BadRows.NON_STRING), domain);
    writeRecord(ctx, in, result, bad);
    return UnitOutput.of(result);
  }

  /** What to do with each document, given its ordinal in the domain's stream. */
  private interface DocumentAction {
    void accept(long ordinal, byte[] doc) throws IOException;
  }

  /** Streams every document of every file in order; returns how many there were. */
  private static long forEachDocument(UnitContext ctx, FileSystem fs, DomainInput in, List<FileStatus> files,
      BadRows bad, DocumentAction action) throws IOException {
    long n = 0;
    for (FileStatus f : files) {
      try (DocumentStream docs = in.open(fs, f, bad, ctx.hadoopConf())) {
        for (byte[] doc = docs.next(); doc != null; doc = docs.next()) {
          action.accept(n++, doc);
        }
      }
    }
    return n;
  }

  /** {@code domain.json}: where the domain came from and its counts per split. */
  private static void writeRecord(UnitContext ctx, DomainInput in, CorpusResult r, BadRows bad) throws IOException {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("domain", r.domain());
    record.put("source", in.path());
    record.put("format", in.format());
    if (in.field() != null) {
      record.put("field", in.field());
    }
    record.put("files", (int) r.files());
    record.put("empty_documents", r.emptyDocuments());
    record.put("duplicate_documents", r.duplicateDocuments());
    if (in.documentFormat() != DocumentFormat.TXT) {
      record.put("bad_rows", new java.util.TreeMap<>(bad.counts()));
      record.put("first_bad_row", new java.util.TreeMap<>(bad.first()));
    }
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

  private static byte[] sha256(byte[] doc) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(doc);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
