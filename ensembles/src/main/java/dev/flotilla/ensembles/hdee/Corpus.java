package dev.flotilla.ensembles.hdee;

import dev.flotilla.ensembles.corpus.CorpusTokensUnit;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.lm.TokenWindows;
import dev.flotilla.executors.unit.UnitContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/** Reads committed corpus shards inside a unit. */
final class Corpus {

  /** Evaluation windows of a split and, per window, the bytes of text of each of its targets. */
  record Windows(List<int[]> tokens, List<int[]> targetBytes) {}

  private Corpus() {}

  static char[] split(UnitContext ctx, DomainRef d, String split) throws IOException {
    Path file = new Path(ctx.committedOutput(d.corpusUnit()), split + TokenFiles.SUFFIX);
    return TokenFiles.read(ctx.fs(), file, d.vocab() == 0 ? ByteTokens.VOCAB : d.vocab());
  }

  /** Up to {@code max} consecutive windows of {@code length} tokens from the start of a split. */
  static Windows windows(UnitContext ctx, DomainRef d, String split, int length, int max) throws IOException {
    List<int[]> tokens = TokenWindows.consecutive(split(ctx, d, split), length, max);
    List<int[]> bytes = new ArrayList<>();
    if (d.vocab() == 0) {
      for (int[] w : tokens) {
        bytes.add(TextBytes.ofByteTokens(EvalArrays.targets(w)));
      }
    } else {
      Path file = new Path(ctx.committedOutput(d.corpusUnit()), split + CorpusTokensUnit.BYTES_SUFFIX);
      for (int[] w : TokenWindows.consecutive(TokenFiles.read(ctx.fs(), file, TokenFiles.MAX_VOCAB), length, max)) {
        bytes.add(EvalArrays.targets(w));
      }
    }
    return new Windows(tokens, bytes);
  }
}
