package dev.flotilla.ensembles.tokens;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.executors.json.Json;
import dev.flotilla.executors.lm.TokenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A HuggingFace {@code tokenizer.json} (any Hadoop FS), run by the HuggingFace tokenizers library
 * through DJL, offline, as the language models' tokenizer: a document's text to ids with nothing
 * added (no special tokens, truncation or padding), and each token's share of the document's
 * UTF-8 bytes, so models of any tokenizer are compared in bits per byte. The document marker is
 * one id past the file's vocabulary ({@link #documentMarker()}), so any tokenizer.json serves.
 */
public final class TextTokenizer implements AutoCloseable {

  /** A document's ids and the bytes of text each id covers (they sum to the document's bytes). */
  public record Encoded(int[] ids, int[] bytes) {}

  private final HuggingFaceTokenizer tokenizer;
  private final int fileVocab;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int fileVocab) {
    this.tokenizer = tokenizer;
    this.fileVocab = fileVocab;
  }

  /** Fetches {@code file} to a local temporary file and loads it; errors name the file. */
  public static TextTokenizer load(String file, Configuration conf) throws IOException {
    Path src = new Path(file);
    FileSystem fs = src.getFileSystem(conf);
    if (!fs.exists(src)) {
      throw new IOException("tokenizer " + file + " does not exist");
    }
    java.nio.file.Path local = Files.createTempFile("flotilla-tokenizer-", ".json");
    try {
      fs.copyToLocalFile(false, src, new Path(local.toUri()), true);
      int vocab = vocabulary(local, file);
      try {
        return new TextTokenizer(HuggingFaceTokenizer.builder().optTokenizerPath(local).optAddSpecialTokens(false)
            .optTruncation(false).optPadding(false).build(), vocab);
      } catch (IOException | RuntimeException e) {
        throw new IOException("tokenizer " + file + " is not a HuggingFace tokenizer.json: " + e.getMessage(), e);
      }
    } finally {
      Files.deleteIfExists(local);
    }
  }

  /** One more than the largest id of the file's model vocabulary and added tokens. */
  private static int vocabulary(java.nio.file.Path local, String file) throws IOException {
    JsonNode root;
    try {
      root = Json.PLAIN.readTree(local.toFile());
    } catch (IOException e) {
      throw new IOException("tokenizer " + file + " is not JSON: " + e.getMessage(), e);
    }
    JsonNode vocab = root.path("model").path("vocab");
    long max = -1;
    if (vocab.isArray()) {
      max = vocab.size() - 1; // Unigram: [[piece, score], ...], the id is the index
    } else if (vocab.isObject()) {
      for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
        max = Math.max(max, it.next().asLong());
      }
    } else {
      throw new IOException("tokenizer " + file + " is not a HuggingFace tokenizer.json: no model.vocab");
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asLong());
    }
    if (max + 2 > TokenFiles.MAX_VOCAB) {
      throw new IOException("tokenizer " + file + " has " + (max + 1) + " ids; with the document marker the"
          + " token shards (u16) hold at most " + (TokenFiles.MAX_VOCAB - 1));
    }
    return (int) max + 1;
  }

  /** The id marking the start of a document: one past the file's vocabulary. */
  public int documentMarker() {
    return fileVocab;
  }

  /** Ids a model of this tokenizer reads and predicts: the file's and the document marker. */
  public int vocab() {
    return fileVocab + 1;
  }

  public Encoded encode(String text) {
    Encoding e = tokenizer.encode(text, false, false);
    long[] raw = e.getIds();
    CharSpan[] spans = e.getCharTokenSpans();
    int[] ids = new int[raw.length];
    int[] bytes = new int[raw.length];
    // Bytes of text up to each char offset; a token gets the bytes its span's end newly covers,
    // so tokens of one character (byte fallback) give it to the first and the sum is exact.
    int[] prefix = utf8Prefix(text);
    int covered = 0;
    for (int i = 0; i < raw.length; i++) {
      ids[i] = Math.toIntExact(raw[i]);
      int end = spans[i] == null ? 0 : Math.min(spans[i].getEnd(), text.length());
      int upTo = prefix[Math.max(0, end)];
      bytes[i] = Math.max(0, upTo - covered);
      covered = Math.max(covered, upTo);
    }
    if (raw.length > 0) {
      bytes[raw.length - 1] += prefix[text.length()] - covered; // text no span reached (trailing)
    }
    return new Encoded(ids, bytes);
  }

  /** UTF-8 bytes of {@code text[0, i)} for every char index i (a surrogate pair's 4 at its second half). */
  private static int[] utf8Prefix(String text) {
    int[] p = new int[text.length() + 1];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int b = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 0 : Character.isLowSurrogate(c) ? 4 : 3;
      p[i + 1] = p[i] + b;
    }
    return p;
  }

  /**
   * The text of {@code ids}: each document (the ids between markers) decoded on its own, as it was
   * encoded, and the texts concatenated (markers dropped).
   */
  public String decode(int[] ids) {
    StringBuilder text = new StringBuilder();
    int from = 0;
    for (int i = 0; i <= ids.length; i++) {
      if (i == ids.length || ids[i] == fileVocab) {
        if (i > from) {
          text.append(tokenizer.decode(java.util.Arrays.stream(ids, from, i).asLongStream().toArray(), false));
        }
        from = i + 1;
      }
    }
    return text.toString();
  }

  /** UTF-8 bytes of a text, as the byte counts above count them. */
  public static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
