package dev.flotilla.ensembles.corpus.debian;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code domains.json} of a Debian corpus folder: how documents were selected and measured, the
 * package versions, and per domain its packages, kind, group, role, counts and difficulty (the
 * keys the bash/Python builder wrote, plus {@code render_failed}).
 *
 * @param ngramOrder bytes of context of the difficulty model
 * @param testMax held-out bytes scored per domain, at most
 */
public record CorpusIndex(long maxBytesPerDomain, int maxDocBytes, int ngramOrder, int testMax) {

  public Map<String, Object> json(List<DomainOutcome> domains, DifficultyGroups groups, DebianTree tree,
      Map<String, String> versions) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DomainOutcome d : domains) {
      rows.add(row(d, groups, tree, versions));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format", "flotilla-corpus-v1: <domain>/<NNNNNN>.txt, one UTF-8 document per file");
    meta.put("seed", SelectedDocument.SEED);
    meta.put("selection", "documents sorted by sha256(seed NUL domain NUL text); taken in order while the domain"
        + " stays within max_bytes_per_domain (overflowing ones skipped)");
    meta.put("max_bytes_per_domain", maxBytesPerDomain);
    meta.put("min_doc_bytes", DomainExtraction.MIN_DOC_BYTES);
    meta.put("max_doc_bytes", maxDocBytes);
    Map<String, Object> difficulty = new LinkedHashMap<>();
    difficulty.put("measure", "difficulty_bpb_ngram");
    difficulty.put("method", "difficulty_bpb_ngram: bits per byte of an interpolated Witten-Bell byte n-gram model"
        + " with " + ngramOrder + " bytes of context, trained on the domain's documents whose selection hash is not"
        + " 0 mod 5 (cut to budget_bytes, the same for every domain) and scored on the others (at most " + testMax
        + " bytes), adapting its counts within each scored document (PPM-like; reset between documents)."
        + " bpb_ngram_static: the same without adaptation. lzma_bits_per_byte: 8*(|xz(train+test)| - |xz(train)|)"
        + "/|test| on the same split (xz preset 6).");
    difficulty.put("budget_bytes", domains.get(0).difficulty().budgetBytes());
    difficulty.put("groups", "tertiles of difficulty_bpb_ngram over the training domains");
    Map<String, Object> thresholds = new LinkedHashMap<>();
    thresholds.put("easy_below", groups.easyBelow());
    thresholds.put("medium_below", groups.mediumBelow());
    difficulty.put("thresholds", thresholds);
    meta.put("difficulty", difficulty);
    meta.put("package_versions", new TreeMap<>(versions));
    meta.put("domains", rows);
    return meta;
  }

  private static Map<String, Object> row(DomainOutcome d, DifficultyGroups groups, DebianTree tree,
      Map<String, String> versions) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    DebianDomainResult x = d.extracted();
    m.put("name", d.name());
    m.put("packages", d.domain().packages());
    Map<String, String> own = new LinkedHashMap<>();
    d.domain().packages().forEach(p -> own.put(p, versions.get(p)));
    m.put("package_versions", own);
    m.put("source", d.domain().source(tree));
    m.put("kind", d.domain().kind());
    m.put("group", groups.of(d.name()));
    m.put("role", d.domain().role());
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
    return m;
  }
}
