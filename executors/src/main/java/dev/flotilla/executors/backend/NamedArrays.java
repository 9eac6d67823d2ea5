package dev.flotilla.executors.backend;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain, engine-neutral format for named float32 tensors: count, then per tensor its UTF-8
 * name, its shape and its values (big-endian). Used for model weights that are plain arrays.
 */
public final class NamedArrays {

  /** One tensor. */
  public record Named(String name, long[] shape, float[] data) {}

  private NamedArrays() {}

  public static void write(DataOutputStream out, Map<String, Named> arrays) throws IOException {
    out.writeInt(arrays.size());
    for (Named a : arrays.values()) {
      writeOne(out, a);
    }
    out.flush();
  }

  public static Map<String, Named> read(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new IOException("not a tensor file: " + n + " tensors");
    }
    Map<String, Named> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Named a = readOne(in);
      out.put(a.name(), a);
    }
    return out;
  }

  public static void writeOne(DataOutputStream out, Named a) throws IOException {
    byte[] name = a.name().getBytes(StandardCharsets.UTF_8);
    out.writeInt(name.length);
    out.write(name);
    out.writeInt(a.shape().length);
    for (long d : a.shape()) {
      out.writeLong(d);
    }
    out.writeInt(a.data().length);
    ByteBuffer buf = ByteBuffer.allocate(a.data().length * 4);
    buf.asFloatBuffer().put(a.data());
    out.write(buf.array());
  }

  public static Named readOne(DataInputStream in) throws IOException {
    byte[] name = new byte[in.readInt()];
    in.readFully(name);
    long[] shape = new long[in.readInt()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = in.readLong();
    }
    int len = in.readInt();
    byte[] raw = new byte[len * 4];
    in.readFully(raw);
    float[] values = new float[len];
    ByteBuffer.wrap(raw).asFloatBuffer().get(values);
    return new Named(new String(name, StandardCharsets.UTF_8), shape, values);
  }
}
