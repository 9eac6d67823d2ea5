package dev.flotilla.ensembles.corpus;

import dev.flotilla.ensembles.tokens.SentencePieceTraining;
import dev.flotilla.ensembles.tokens.TextTokenizer;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Trains the corpus's tokenizer on the train splits of the training domains (never valid or
 * test: their documents stay unseen), with Debian's SentencePiece trainer (a unigram model with
 * byte fallback, {@link SentencePieceTraining}), and commits it as {@code tokenizer.json}.
 *
 * @param corpusUnits the byte-shard units of the training domains, by domain order
 */
public record TokenizerTrainUnit(List<String> corpusUnits, int vocabSize, long sourceBytes) implements WorkUnit {

  public static final String KIND = "corpus-tokenizer";
  public static final String FILE = "tokenizer.json";

  public TokenizerTrainUnit {
    corpusUnits = List.copyOf(corpusUnits);
    if (vocabSize < 300 || vocabSize > TokenFiles.MAX_VOCAB - 1) {
      throw new IllegalArgumentException("a trained vocabulary needs 300.." + (TokenFiles.MAX_VOCAB - 1)
          + " pieces (256 of them are byte fallbacks), got " + vocabSize);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "tokenizer-spm" + vocabSize;
  }

  @Override
  public double cost() {
    return 5 + sourceBytes / 1e6; // spm_train: about a second per MB of text here
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    java.nio.file.Path work = Files.createTempDirectory("flotilla-spm-");
    try {
      java.nio.file.Path text = work.resolve("train.txt");
      long bytes = 0;
      long documents = 0;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(text), 1 << 16)) {
        for (String unit : corpusUnits) {
          char[] tokens = TokenFiles.read(ctx.fs(), new Path(ctx.committedOutput(unit), "train" + TokenFiles.SUFFIX));
          for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == ByteTokens.DOC) {
              out.write('\n');
              documents++;
            } else {
              out.write(tokens[i]);
              bytes++;
            }
          }
        }
      }
      String json = SentencePieceTraining.train(text, vocabSize, ctx.budget().cpus(), ctx.seed(), work);
      Path file = new Path(ctx.outputDir(), FILE);
      try (OutputStream out = ctx.fs().create(file, false)) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
      try (TextTokenizer check = TextTokenizer.load(file.toString(), ctx.hadoopConf())) {
        return UnitOutput.of(new TokenizerResult(check.vocab(), documents, bytes));
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(java.nio.file.Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
