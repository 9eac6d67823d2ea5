package dev.flotilla.datafiltering.model;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fallback caption tokenizer of a TorchScript CLIP when no {@code tokenizer.json} is given:
 * CLIP's start and end tokens (49406, 49407) around the caption's UTF-8 bytes as ids 1..256,
 * padded with 0 and cut to the context length (the end token always kept), as CLIP lays out its
 * tokens. Only models trained on these ids understand them (e.g. {@code scripts/make-test-clip}'s).
 */
public final class ByteTokenizer implements CaptionTokenizer {

  public static final long START = 49406;
  public static final long END = 49407;

  private final int contextLength;

  public ByteTokenizer(int contextLength) {
    if (contextLength < 2) {
      throw new IllegalArgumentException("the context length must be at least 2, got " + contextLength);
    }
    this.contextLength = contextLength;
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  @Override
  public long[] encode(List<String> captions) {
    long[] out = new long[captions.size() * contextLength];
    for (int i = 0; i < captions.size(); i++) {
      byte[] b = captions.get(i).getBytes(StandardCharsets.UTF_8);
      int o = i * contextLength;
      int n = Math.min(b.length, contextLength - 2);
      out[o] = START;
      for (int j = 0; j < n; j++) {
        out[o + 1 + j] = (b[j] & 0xff) + 1;
      }
      out[o + 1 + n] = END;
    }
    return out;
  }
}
