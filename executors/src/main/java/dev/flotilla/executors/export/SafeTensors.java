package dev.flotilla.executors.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.executors.json.Json;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face; read by {@code safetensors.torch.load_file} and, without
 * that package, by a few lines of Python): an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data. Flotilla
 * writes float32 tensors in the order given, the header padded with spaces to 8 bytes.
 */
public final class SafeTensors {

  private SafeTensors() {}

  /** Writes {@code tensors} (float32, row-major) and string {@code metadata}. */
  public static void write(OutputStream out, List<Tensor> tensors,
      Map<String, String> metadata) throws IOException {
    ObjectNode header = Json.PLAIN.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      long n = 1;
      for (long d : t.shape()) {
        n *= d;
      }
      if (n != t.data().length) {
        throw new IllegalArgumentException(t.name() + ": shape holds " + n + " values, data " + t.data().length);
      }
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", "F32");
      var shape = e.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      e.putArray("data_offsets").add(offset).add(offset + 4L * n);
      offset += 4L * n;
    }
    byte[] json = Json.PLAIN.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    out.write(head.array());
    for (Tensor t : tensors) {
      ByteBuffer b = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(t.data());
      out.write(b.array());
    }
    out.flush();
  }

  /** Reads a float32 safetensors file (tensors in file order); the metadata is left out. */
  public static List<Tensor> read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] len = new byte[8];
    data.readFully(len);
    long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > 100_000_000) {
      throw new IOException("not a safetensors file: header length " + n);
    }
    byte[] json = new byte[(int) n];
    data.readFully(json);
    JsonNode header = Json.PLAIN.readTree(new String(json, StandardCharsets.UTF_8).strip());
    Map<Long, Tensor> byOffset = new java.util.TreeMap<>();
    Map<Long, long[]> ranges = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("__metadata__")) {
        continue;
      }
      if (!"F32".equals(f.getValue().path("dtype").asText())) {
        throw new IOException(f.getKey() + ": dtype " + f.getValue().path("dtype") + ", only F32 is read");
      }
      long[] shape = new long[f.getValue().path("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = f.getValue().path("shape").get(i).asLong();
      }
      long begin = f.getValue().path("data_offsets").get(0).asLong();
      byOffset.put(begin, new Tensor(f.getKey(), shape, null));
      ranges.put(begin, new long[] {begin, f.getValue().path("data_offsets").get(1).asLong()});
    }
    byte[] rest = data.readAllBytes();
    List<Tensor> out = new ArrayList<>();
    for (Map.Entry<Long, Tensor> e : byOffset.entrySet()) {
      long[] r = ranges.get(e.getKey());
      float[] values = new float[(int) ((r[1] - r[0]) / 4)];
      ByteBuffer.wrap(rest, (int) r[0], (int) (r[1] - r[0])).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(values);
      out.add(new Tensor(e.getValue().name(), e.getValue().shape(), values));
    }
    return out;
  }
}
