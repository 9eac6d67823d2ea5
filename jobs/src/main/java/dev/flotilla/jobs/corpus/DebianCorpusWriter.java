package dev.flotilla.jobs.corpus;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.corpus.debian.DebianDifficultyUnit;
import dev.flotilla.ensembles.corpus.debian.DifficultyResult;
import dev.flotilla.ensembles.corpus.debian.DebianDomain;
import dev.flotilla.ensembles.corpus.debian.DebianDomainResult;
import dev.flotilla.ensembles.corpus.debian.DebianDomainUnit;
import dev.flotilla.ensembles.corpus.debian.DebianTree;
import dev.flotilla.ensembles.corpus.debian.DocumentsFile;
import dev.flotilla.ensembles.corpus.debian.SelectedDocument;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;

/**
 * The corpus-debian merge: groups the training domains into easy, medium and hard by tertiles of
 * their measured difficulty (evaluation-only domains by the thresholds halfway between), writes
 * the corpus folder beside its final place and renames it there (an old corpus is replaced only
 * then), and reports the domains.
 */
final class DebianCorpusWriter {

  private static final List<String> GROUPS = List.of("easy", "medium", "hard");

  private DebianCorpusWriter() {}

  /** One domain as the merge sees it. */
  private record Domain(DebianDomain spec, String extractUnit, DebianDomainResult extracted,
      DifficultyResult difficulty) {}

  static void write(DebianCorpusConfig config, MergeContext run, Report report) throws IOException {
    Map<String, UnitRecord> extracted = new LinkedHashMap<>();
    Map<String, DifficultyResult> measured = new LinkedHashMap<>();
    for (UnitRecord r : run.records()) {
      if (r.kind().equals(DebianDomainUnit.KIND)) {
        extracted.put(r.unit(DebianDomainUnit.class).domain(), r);
      } else if (r.kind().equals(DebianDifficultyUnit.KIND)) {
        DifficultyResult d = r.result(DifficultyResult.class);
        measured.put(d.domain(), d);
      }
    }
    List<Domain> domains = new ArrayList<>();
    for (DebianDomain d : config.domains()) {
      UnitRecord r = extracted.get(d.domainName());
      domains.add(new Domain(d, r.unitId(), r.result(DebianDomainResult.class), measured.get(d.domainName())));
    }
    Map<String, String> group = new LinkedHashMap<>();
    List<Domain> ranked = domains.stream().filter(d -> d.spec().training())
        .sorted(Comparator.comparingDouble((Domain d) -> d.difficulty().difficultyBpbNgram())
            .thenComparing(d -> d.spec().domainName())).toList();
    for (int i = 0; i < ranked.size(); i++) {
      group.put(ranked.get(i).spec().domainName(), GROUPS.get(Math.min(2, i * 3 / ranked.size())));
    }
    double[] bounds = new double[2];
    for (int g = 0; g < 2; g++) {
      String lower = GROUPS.get(g);
      String upper = GROUPS.get(g + 1);
      double last = ranked.stream().filter(d -> group.get(d.spec().domainName()).equals(lower))
          .mapToDouble(d -> d.difficulty().difficultyBpbNgram()).max().orElseThrow();
      double first = ranked.stream().filter(d -> group.get(d.spec().domainName()).equals(upper))
          .mapToDouble(d -> d.difficulty().difficultyBpbNgram()).min().orElseThrow();
      bounds[g] = Math.round((last + first) / 2 * 1e4) / 1e4;
    }
    for (Domain d : domains) {
      if (!d.spec().training()) {
        double v = d.difficulty().difficultyBpbNgram();
        group.put(d.spec().domainName(), GROUPS.get(v < bounds[0] ? 0 : v < bounds[1] ? 1 : 2));
      }
    }

    DebianTree tree = new DebianTree(Path.of(config.unpacked()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Domain d : domains) {
      Map<String, Object> m = new LinkedHashMap<>();
      DebianDomainResult x = d.extracted();
      m.put("name", d.spec().domainName());
      m.put("packages", d.spec().packages());
      Map<String, String> versions = new LinkedHashMap<>();
      d.spec().packages().forEach(p -> versions.put(p, config.packageVersions().get(p)));
      m.put("package_versions", versions);
      m.put("source", d.spec().source(tree));
      m.put("kind", d.spec().kind());
      m.put("group", group.get(d.spec().domainName()));
      m.put("role", d.spec().role());
      m.put("documents", x.documents());
      m.put("bytes", x.bytes());
      m.put("eligible_documents", x.eligibleDocuments());
      m.put("eligible_bytes", x.eligibleBytes());
      m.putAll(d.difficulty().asMap());
      m.put("candidates", x.candidates());
      m.put("dropped_short", x.droppedShort());
      m.put("dropped_long", x.droppedLong());
      m.put("duplicates", x.duplicates());
      m.put("over_cap", x.overCap());
      m.put("replacement_chars", x.replacementChars());
      m.put("docs_with_replacements", x.docsWithReplacements());
      m.put("render_failed", x.renderFailed());
      rows.add(m);
    }
    long budget = domains.get(0).difficulty().budgetBytes();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", "flotilla-corpus-v1: <domain>/<NNNNNN>.txt, one UTF-8 document per file");
    meta.put("seed", SelectedDocument.SEED);
    meta.put("selection", "documents sorted by sha256(seed NUL domain NUL text); taken in order while the domain"
        + " stays within max_bytes_per_domain (overflowing ones skipped)");
    meta.put("max_bytes_per_domain", config.maxBytesPerDomain());
    meta.put("min_doc_bytes", dev.flotilla.ensembles.corpus.debian.DomainExtraction.MIN_DOC_BYTES);
    meta.put("max_doc_bytes", config.maxDocBytes());
    Map<String, Object> difficulty = new LinkedHashMap<>();
    difficulty.put("measure", "difficulty_bpb_ngram");
    difficulty.put("method", "difficulty_bpb_ngram: bits per byte of an interpolated Witten-Bell byte n-gram model"
        + " with " + DebianCorpusPlanner.NGRAM_ORDER + " bytes of context, trained on the domain's documents whose"
        + " selection hash is not 0 mod 5 (cut to budget_bytes, the same for every domain) and scored on the others"
        + " (at most " + DebianCorpusPlanner.TEST_MAX + " bytes), adapting its counts within each scored document"
        + " (PPM-like; reset between documents). bpb_ngram_static: the same without adaptation. lzma_bits_per_byte:"
        + " 8*(|xz(train+test)| - |xz(train)|)/|test| on the same split (xz preset 6).");
    difficulty.put("budget_bytes", budget);
    difficulty.put("groups", "tertiles of difficulty_bpb_ngram over the training domains");
    difficulty.put("thresholds", Map.of("easy_below", bounds[0], "medium_below", bounds[1]));
    meta.put("difficulty", difficulty);
    meta.put("package_versions", new java.util.TreeMap<>(config.packageVersions()));
    meta.put("domains", rows);

    writeFolder(config, run, domains, meta);

    Table.Builder t = new Table.Builder("domain", "kind", "group", "role", "documents", "bytes", "bpb_ngram",
        "bpb_static", "lzma_bpb", "candidates", "dropped_short", "dropped_long", "duplicates", "over_cap",
        "replacement_chars", "render_failed");
    long total = 0;
    for (int i = 0; i < domains.size(); i++) {
      Domain d = domains.get(i);
      DebianDomainResult x = d.extracted();
      t.row(d.spec().domainName(), d.spec().kind(), rows.get(i).get("group"), d.spec().role(), x.documents(),
          x.bytes(), rows.get(i).get("difficulty_bpb_ngram"), rows.get(i).get("bpb_ngram_static"),
          rows.get(i).get("lzma_bits_per_byte"), x.candidates(), x.droppedShort(), x.droppedLong(), x.duplicates(),
          x.overCap(), x.replacementChars(), x.renderFailed());
      total += x.bytes();
    }
    report.heading("Debian corpus: " + domains.size() + " domains, " + total + " bytes, written to " + config.out());
    report.paragraph("Difficulty: an order-" + DebianCorpusPlanner.NGRAM_ORDER + " byte n-gram trained on " + budget
        + " bytes of each domain, scored on up to " + DebianCorpusPlanner.TEST_MAX + " held-out bytes; groups ="
        + " tertiles of bpb_ngram over the training domains, thresholds " + bounds[0] + " / " + bounds[1] + ".");
    report.table("domains", "Documents, difficulty and what was left out, per domain", t.build());
    report.fact("bytes", total);
    report.fact("out", config.out());
  }

  private static void writeFolder(DebianCorpusConfig config, MergeContext run, List<Domain> domains,
      Map<String, Object> meta) throws IOException {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(absolute(config.out()));
    FileSystem fs = out.getFileSystem(run.runDir().conf());
    if (fs.exists(out)) {
      if (!fs.getFileStatus(out).isDirectory()) {
        throw new IOException(out + " exists and is not a directory");
      }
      if (fs.listStatus(out).length > 0 && !fs.exists(new org.apache.hadoop.fs.Path(out, "domains.json"))) {
        throw new IOException(out + " is not empty and holds no domains.json: refusing to replace it");
      }
    }
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(out.getParent(),
        out.getName() + ".tmp." + UUID.randomUUID());
    // Local folders are written with java.nio: Hadoop's local file system writes a .crc beside
    // every file and, without its native library, forks chmod per file (12 files/s measured).
    boolean local = fs instanceof org.apache.hadoop.fs.LocalFileSystem;
    FileWriter files = local ? (rel, bytes) -> {
      Path p = Path.of(tmp.toUri()).resolve(rel);
      java.nio.file.Files.createDirectories(p.getParent());
      java.nio.file.Files.write(p, bytes);
    } : (rel, bytes) -> {
      try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(tmp, rel), false)) {
        o.write(bytes);
      }
    };
    boolean done = false;
    try {
      StringBuilder sources = new StringBuilder("domain\tfile\tsource\tbytes\tsha256\n");
      for (Domain d : domains) {
        String name = d.spec().domainName();
        List<SelectedDocument> docs = DocumentsFile.read(run.runDir().fs(),
            new org.apache.hadoop.fs.Path(run.runDir().unit(d.extractUnit()), DocumentsFile.NAME));
        for (int i = 0; i < docs.size(); i++) {
          String file = String.format("%06d.txt", i);
          byte[] text = docs.get(i).text();
          files.write(name + "/" + file, text);
          sources.append(name).append('\t').append(file).append('\t').append(docs.get(i).source()).append('\t')
              .append(text.length).append('\t').append(HexFormat.of().formatHex(sha256(text))).append('\n');
        }
      }
      byte[] json = Json.FILES.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
      files.write("domains.json", (new String(json, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
      files.write("sources.tsv", sources.toString().getBytes(StandardCharsets.UTF_8));
      org.apache.hadoop.fs.Path old = null;
      if (fs.exists(out)) {
        old = new org.apache.hadoop.fs.Path(out.getParent(), out.getName() + ".old." + UUID.randomUUID());
        if (!fs.rename(out, old)) {
          throw new IOException("cannot move the old corpus " + out + " aside");
        }
      }
      if (!fs.rename(tmp, out)) {
        throw new IOException("cannot rename " + tmp + " to " + out);
      }
      done = true;
      if (old != null) {
        fs.delete(old, true);
      }
    } finally {
      if (!done) {
        fs.delete(tmp, true);
      }
    }
  }

  /** Writes one file of the folder being built, by its path relative to the folder. */
  private interface FileWriter {
    void write(String relative, byte[] bytes) throws IOException;
  }

  private static String absolute(String dir) {
    return URI.create(dir.replace(" ", "%20")).getScheme() == null ? new File(dir).getAbsoluteFile().toURI().toString()
        : dir;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
