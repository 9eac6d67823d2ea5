package dev.flotilla.jobs.corpus;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;
import java.util.List;

/** The corpus job's report: documents and bytes per domain and split, from the committed records. */
public final class CorpusReport {

  private CorpusReport() {}

  public static void write(CorpusConfig config, MergeContext run, Report report) throws IOException {
    Table.Builder t = new Table.Builder("domain", "files", "documents", "duplicates", "empty", "invalid_json_rows",
        "missing_field_rows", "non_string_rows", "train_bytes", "valid_bytes", "test_bytes", "unit");
    long total = 0;
    long bad = 0;
    for (UnitRecord r : run.records()) {
      CorpusResult c = r.result(CorpusResult.class);
      t.row(c.domain(), c.files(), c.documents(), c.duplicateDocuments(), c.emptyDocuments(), c.invalidJsonRows(),
          c.missingFieldRows(), c.nonStringRows(), c.bytesTrain(), c.bytesValid(), c.bytesTest(), r.unitId());
      total += c.bytes();
      bad += c.badRows();
    }
    report.heading("Corpus: " + run.plan().units().size() + " domains, " + total + " bytes from " + config.source().uri());
    report.paragraph("Shards: units/<unit>/{train,valid,test}.tok, little-endian u16 byte tokens (256 = document start);"
        + " exact duplicate documents are kept once, so no document is in two splits."
        + (bad > 0 ? " " + bad + " JSONL/Parquet rows held no document (counted per reason below; where each reason"
        + " was first seen is in the unit's domain.json)." : ""));
    report.table("domains", "Documents and bytes per domain and split", t.build());
    report.fact("bytes", total);
    report.fact("bad_rows", bad);
  }
}
