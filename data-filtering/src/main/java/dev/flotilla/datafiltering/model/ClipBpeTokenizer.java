package dev.flotilla.datafiltering.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A CLIP text tower's own tokenizer, from its HuggingFace {@code tokenizer.json} (any Hadoop FS;
 * read by the HuggingFace tokenizers library through DJL, offline), laid out as OpenAI's
 * {@code clip.tokenize} does: {@code <|startoftext|>}, the caption's tokens, {@code <|endoftext|>},
 * zeros to the context length; a longer caption is cut and still ends with {@code <|endoftext|>}
 * (the token CLIP's text tower pools at). The special tokens' ids come from the file itself.
 */
public final class ClipBpeTokenizer implements CaptionTokenizer, AutoCloseable {

  static final String START_TOKEN = "<|startoftext|>";
  static final String END_TOKEN = "<|endoftext|>";

  private final HuggingFaceTokenizer tokenizer;
  private final int contextLength;
  private final long start;
  private final long end;
  private final long bytes;

  private ClipBpeTokenizer(HuggingFaceTokenizer tokenizer, int contextLength, long start, long end, long bytes) {
    this.tokenizer = tokenizer;
    this.contextLength = contextLength;
    this.start = start;
    this.end = end;
    this.bytes = bytes;
  }

  /** Fetches {@code file} to a local temporary file and loads it; errors name the file. */
  public static ClipBpeTokenizer load(String file, Configuration conf, int contextLength) throws IOException {
    Path src = new Path(file);
    FileSystem fs = src.getFileSystem(conf);
    if (!fs.exists(src)) {
      throw new IOException("tokenizer " + file + " does not exist");
    }
    java.nio.file.Path local = Files.createTempFile("flotilla-tokenizer-", ".json");
    try {
      fs.copyToLocalFile(false, src, new Path(local.toUri()), true);
      HuggingFaceTokenizer t;
      try {
        // The caption alone: the special tokens and the layout are this class's, as clip.tokenize's.
        t = HuggingFaceTokenizer.builder().optTokenizerPath(local).optAddSpecialTokens(false).optTruncation(false)
            .optPadding(false).build();
      } catch (IOException | RuntimeException e) {
        throw new IOException("tokenizer " + file + " is not a HuggingFace tokenizer.json: " + e.getMessage(), e);
      }
      try {
        long start = special(t, file, START_TOKEN);
        long end = special(t, file, END_TOKEN);
        return new ClipBpeTokenizer(t, contextLength, start, end, Files.size(local));
      } catch (IOException e) {
        t.close();
        throw e;
      }
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static long special(HuggingFaceTokenizer t, String file, String token) throws IOException {
    long[] ids = t.encode(token).getIds();
    if (ids.length != 1) {
      throw new IOException("tokenizer " + file + " has no " + token + " token (CLIP's start/end of text)");
    }
    return ids[0];
  }

  @Override
  public int contextLength() {
    return contextLength;
  }

  /** The end-of-text id: the text tower pools there, and its token embedding needs more rows than this. */
  public long end() {
    return end;
  }

  /** Size of the tokenizer file, for the executor cache's bound. */
  public long bytes() {
    return bytes;
  }

  @Override
  public long[] encode(List<String> captions) {
    long[] out = new long[captions.size() * contextLength];
    for (int i = 0; i < captions.size(); i++) {
      long[] ids = tokenizer.encode(captions.get(i)).getIds();
      int o = i * contextLength;
      int n = Math.min(ids.length, contextLength - 2);
      out[o] = start;
      System.arraycopy(ids, 0, out, o + 1, n);
      out[o + 1 + n] = end;
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
