package dev.flotilla.ensembles.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.ensembles.tokens.TextTokenizer;
import dev.flotilla.executors.lm.ByteTokens;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.unit.UnitContext;
import dev.flotilla.executors.unit.UnitOutput;
import dev.flotilla.executors.unit.WorkUnit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;

/**
 * One domain's byte shards ({@link CorpusUnit}) re-tokenized with a tokenizer: a user's
 * {@code tokenizer.json} ({@code file}) or the one a {@link TokenizerTrainUnit} committed
 * ({@code tokenizerUnit}). Each split becomes {@code <split>.tok} (the tokenizer's ids, its
 * {@link TextTokenizer#documentMarker()} before every document) and {@code <split>.bytes.tok}
 * (the bytes of text each token holds, {@link #MARKER} for markers), from which bits per byte are computed.
 * Tokenizers read text: a document that is not UTF-8 is tokenized with its malformed bytes
 * replaced (U+FFFD) and counted ({@code non_utf8_documents}).
 */
public record CorpusTokensUnit(String domain, String corpusUnit,
    @JsonInclude(JsonInclude.Include.NON_NULL) String file,
    @JsonInclude(JsonInclude.Include.NON_NULL) String tokenizerUnit, long sourceBytes) implements WorkUnit {

  public static final String KIND = "corpus-tokens";
  /** Suffix of the per-token byte counts beside each split's ids. */
  public static final String BYTES_SUFFIX = ".bytes" + TokenFiles.SUFFIX;
  /** The byte count written for a document marker: it is no text, and its loss is left out. */
  public static final int MARKER = 0xFFFF;

  public CorpusTokensUnit {
    if ((file == null) == (tokenizerUnit == null)) {
      throw new IllegalArgumentException("a tokens unit takes a tokenizer file or a tokenizer unit, exactly one");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String name() {
    return "tokens-" + domain;
  }

  @Override
  public double cost() {
    return 1 + sourceBytes / 5e6;
  }

  /** Where the tokenizer is, for this unit and for anyone reading its shards. */
  public static String tokenizerPath(UnitContext ctx, String file, String tokenizerUnit) {
    return file != null ? file : new Path(ctx.committedOutput(tokenizerUnit), TokenizerTrainUnit.FILE).toString();
  }

  @Override
  public UnitOutput execute(UnitContext ctx) throws Exception {
    try (TextTokenizer t = TextTokenizer.load(tokenizerPath(ctx, file, tokenizerUnit), ctx.hadoopConf())) {
      long[] counts = new long[7];
      for (int s = 0; s < CorpusUnit.SPLITS.size(); s++) {
        String split = CorpusUnit.SPLITS.get(s);
        char[] bytes = TokenFiles.read(ctx.fs(), new Path(ctx.committedOutput(corpusUnit), split + TokenFiles.SUFFIX));
        try (TokenFiles.Writer ids = new TokenFiles.Writer(ctx.fs().create(new Path(ctx.outputDir(),
            split + TokenFiles.SUFFIX), false), t.vocab());
            TokenFiles.Writer lengths = new TokenFiles.Writer(ctx.fs().create(new Path(ctx.outputDir(),
                split + BYTES_SUFFIX), false), TokenFiles.MAX_VOCAB)) {
          ByteArrayOutputStream doc = null;
          for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == ByteTokens.DOC) {
              if (doc != null) {
                counts[6] += write(t, doc, ids, lengths) ? 0 : 1;
              }
              doc = new ByteArrayOutputStream();
            } else {
              doc.write(bytes[i]);
            }
          }
          counts[2 * s] = ids.count();
          counts[2 * s + 1] = bytes.length - java.util.stream.IntStream.range(0, bytes.length)
              .filter(i -> bytes[i] == ByteTokens.DOC).count();
        }
      }
      return UnitOutput.of(new TokensResult(t.vocab(), counts[0], counts[1], counts[2], counts[3], counts[4],
          counts[5], counts[6], domain));
    }
  }

  /** One document: its marker, then its ids and their bytes; false if it was not UTF-8. */
  private static boolean write(TextTokenizer t, ByteArrayOutputStream doc, TokenFiles.Writer ids,
      TokenFiles.Writer lengths) throws IOException {
    String text = doc.toString(StandardCharsets.UTF_8);
    TextTokenizer.Encoded e = t.encode(text);
    ids.write(t.documentMarker());
    lengths.write(MARKER);
    for (int k = 0; k < e.ids().length; k++) {
      if (e.bytes()[k] >= MARKER) {
        throw new IOException("a token holding " + e.bytes()[k] + " bytes of text does not fit a u16 count");
      }
      ids.write(e.ids()[k]);
      lengths.write(e.bytes()[k]);
    }
    return java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), doc.toByteArray());
  }
}
