package dev.flotilla.jobs.hdee;

import dev.flotilla.driver.MergeContext;
import dev.flotilla.driver.report.Report;
import dev.flotilla.driver.report.Table;
import dev.flotilla.ensembles.corpus.CorpusTokensUnit;
import dev.flotilla.ensembles.corpus.TokensResult;
import dev.flotilla.executors.unit.UnitRecord;
import java.io.IOException;

/** With a tokenizer: tokens and bytes of text per domain and split, from the tokenizing units' records. */
final class HdeeTokensTable {

  private HdeeTokensTable() {}

  static void write(HdeeConfig config, MergeContext run, Report report) throws IOException {
    if (config.tokenizer().bytes()) {
      return;
    }
    Table.Builder t = new Table.Builder("domain", "vocab", "train_tokens", "train_bytes", "valid_tokens",
        "test_tokens", "bytes_per_token", "non_utf8_documents", "unit");
    for (UnitRecord r : run.records()) {
      if (r.kind().equals(CorpusTokensUnit.KIND)) {
        TokensResult x = r.result(TokensResult.class);
        t.row(x.domain(), x.vocab(), x.tokensTrain(), x.bytesTrain(), x.tokensValid(), x.tokensTest(),
            Math.round(x.bytesPerToken() * 1000) / 1000.0, x.nonUtf8Documents(), r.unitId());
      }
    }
    HdeeTokenizer k = config.tokenizer();
    report.paragraph("Tokenizer: " + (k.file() != null ? k.file() : "SentencePiece unigram of " + k.vocabSize()
        + " pieces trained on the training domains' train splits") + "; models read " + k.vocab()
        + " ids (with the document marker); scores are bits per byte of text.");
    report.table("tokens", "Tokens and bytes per domain (document markers counted as tokens)", t.build());
  }
}
