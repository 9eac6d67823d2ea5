package dev.flotilla.jobs.corpus;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.corpus.debian.CorpusFolder;
import dev.flotilla.ensembles.corpus.debian.CorpusIndex;
import dev.flotilla.ensembles.corpus.debian.DebianDifficultyUnit;
import dev.flotilla.ensembles.corpus.debian.DebianDomain;
import dev.flotilla.ensembles.corpus.debian.DebianDomainResult;
import dev.flotilla.ensembles.corpus.debian.DebianDomainUnit;
import dev.flotilla.ensembles.corpus.debian.DebianTree;
import dev.flotilla.ensembles.corpus.debian.DifficultyGroups;
import dev.flotilla.ensembles.corpus.debian.DifficultyResult;
import dev.flotilla.ensembles.corpus.debian.DomainOutcome;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus-debian merge: the committed records grouped per domain, difficulty groups, the
 * corpus folder written ({@link CorpusFolder}) and the report, all from the records.
 */
final class DebianCorpusWriter {

  private DebianCorpusWriter() {}

  static void write(DebianCorpusConfig config, MergeContext run, Report report) throws IOException {
    List<DomainOutcome> domains = outcomes(config, run);
    DifficultyGroups groups = DifficultyGroups.of(domains);
    CorpusIndex index = new CorpusIndex(config.maxBytesPerDomain(), config.maxDocBytes(),
        DebianCorpusPlanner.NGRAM_ORDER, DebianCorpusPlanner.TEST_MAX);
    Map<String, Object> json = index.json(domains, groups, new DebianTree(Path.of(config.unpacked())),
        config.packageVersions());
    CorpusFolder.write(config.out(), run.runDir().conf(), domains, json, run.runDir().fs(), run.runDir()::unit);

    Table.Builder t = new Table.Builder("domain", "kind", "group", "role", "documents", "bytes", "bpb_ngram",
        "bpb_static", "lzma_bpb", "candidates", "dropped_short", "dropped_long", "duplicates", "over_cap",
        "replacement_chars", "render_failed");
    long total = 0;
    for (DomainOutcome d : domains) {
      DebianDomainResult x = d.extracted();
      DifficultyResult m = d.difficulty();
      t.row(d.name(), d.domain().kind(), groups.of(d.name()), d.domain().role(), x.documents(), x.bytes(),
          m.difficultyBpbNgram(), m.bpbNgramStatic(), m.lzmaBitsPerByte(), x.candidates(), x.droppedShort(),
          x.droppedLong(), x.duplicates(), x.overCap(), x.replacementChars(), x.renderFailed());
      total += x.bytes();
    }
    report.heading("Debian corpus: " + domains.size() + " domains, " + total + " bytes, written to " + config.out());
    report.paragraph("Difficulty: an order-" + DebianCorpusPlanner.NGRAM_ORDER + " byte n-gram trained on "
        + domains.get(0).difficulty().budgetBytes() + " bytes of each domain, scored on up to "
        + DebianCorpusPlanner.TEST_MAX + " held-out bytes; groups = tertiles of bpb_ngram over the training domains,"
        + " thresholds " + groups.easyBelow() + " / " + groups.mediumBelow() + ".");
    report.table("domains", "Documents, difficulty and what was left out, per domain", t.build());
    report.fact("bytes", total);
    report.fact("out", config.out());
  }

  /** Each configured domain with its extraction and difficulty records. */
  private static List<DomainOutcome> outcomes(DebianCorpusConfig config, MergeContext run) throws IOException {
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
    List<DomainOutcome> out = new ArrayList<>();
    for (DebianDomain d : config.domains()) {
      UnitRecord r = extracted.get(d.domainName());
      out.add(new DomainOutcome(d, r.unitId(), r.result(DebianDomainResult.class), measured.get(d.domainName())));
    }
    return out;
  }
}
