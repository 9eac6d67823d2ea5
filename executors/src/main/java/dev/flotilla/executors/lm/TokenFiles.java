package dev.flotilla.executors.lm;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Token shards on any Hadoop FileSystem: a flat array of little-endian unsigned 16-bit tokens
 * (the layout of nanoGPT's {@code .bin} files, readable with {@code numpy.fromfile(f, "<u2")}).
 */
public final class TokenFiles {

  public static final String SUFFIX = ".tok";
  /** Token ids a u16 shard can hold. */
  public static final int MAX_VOCAB = 1 << 16;

  private TokenFiles() {}

  /** Streams tokens out as u16 little-endian; the caller closes {@code out}. */
  public static final class Writer implements AutoCloseable {
    private final OutputStream out;
    private final int vocab;
    private final byte[] two = new byte[2];
    private long count;

    /** A writer of byte tokens ({@link ByteTokens}). */
    public Writer(OutputStream out) {
      this(out, ByteTokens.VOCAB);
    }

    /** A writer of ids below {@code vocab} (at most {@link #MAX_VOCAB}). */
    public Writer(OutputStream out, int vocab) {
      if (vocab < 1 || vocab > MAX_VOCAB) {
        throw new IllegalArgumentException("a u16 shard holds vocabularies of 1.." + MAX_VOCAB + " ids, not " + vocab);
      }
      this.out = new BufferedOutputStream(out, 1 << 16);
      this.vocab = vocab;
    }

    public void write(int token) throws IOException {
      if (token < 0 || token >= vocab) {
        throw new IllegalArgumentException("token " + token + " is outside [0, " + vocab + ")");
      }
      two[0] = (byte) token;
      two[1] = (byte) (token >>> 8);
      out.write(two);
      count++;
    }

    public void writeDocument(byte[] bytes) throws IOException {
      write(ByteTokens.DOC);
      for (byte b : bytes) {
        write(b & 0xFF);
      }
    }

    public long count() {
      return count;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** The whole shard of byte tokens in memory (a domain split: megabytes, not gigabytes). */
  public static char[] read(FileSystem fs, Path file) throws IOException {
    return read(fs, file, ByteTokens.VOCAB);
  }

  /** The whole shard in memory; an id at or above {@code vocab} is an error naming the file. */
  public static char[] read(FileSystem fs, Path file, int vocab) throws IOException {
    long length = fs.getFileStatus(file).getLen();
    if (length % 2 != 0 || length / 2 > Integer.MAX_VALUE) {
      throw new IOException(file + ": " + length + " bytes is not a u16 token shard of at most 2^31 tokens");
    }
    byte[] raw = new byte[(int) length];
    try (InputStream in = new DataInputStream(new BufferedInputStream(fs.open(file)))) {
      ((DataInputStream) in).readFully(raw);
    } catch (EOFException e) {
      throw new IOException(file + ": shorter than its listed length " + length, e);
    }
    char[] tokens = new char[raw.length / 2];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().get(tokens);
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] >= vocab) {
        throw new IOException(file + ": token " + (int) tokens[i] + " at " + i + " is outside the vocabulary of "
            + vocab + (vocab == ByteTokens.VOCAB ? " byte tokens" : " ids"));
      }
    }
    return tokens;
  }
}
