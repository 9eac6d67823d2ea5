package dev.flotilla.executors.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flotilla.executors.backend.NamedArrays;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saving and checked loading of models whose weights are plain named NDArrays. */
public final class DjlWeights {

  private DjlWeights() {}

  public static void write(Map<String, NDArray> params, OutputStream out) throws IOException {
    Map<String, NamedArrays.Named> arrays = new LinkedHashMap<>();
    params.forEach((k, v) -> arrays.put(k, new NamedArrays.Named(k, v.getShape().getShape(), v.toFloatArray())));
    NamedArrays.write(new DataOutputStream(out), arrays);
  }

  /**
   * Saved weights in the template's order, each checked to exist with the template's shape;
   * {@code what} names the model in the error.
   */
  public static Map<String, NamedArrays.Named> readMatching(InputStream in, Map<String, NDArray> template,
      String what) throws IOException {
    Map<String, NamedArrays.Named> saved = NamedArrays.read(new DataInputStream(in));
    Map<String, NamedArrays.Named> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> p : template.entrySet()) {
      NamedArrays.Named a = saved.get(p.getKey());
      if (a == null || !new Shape(a.shape()).equals(p.getValue().getShape())) {
        throw new IOException("saved weights do not match " + what + ": " + p.getKey()
            + (a == null ? " is missing" : " has shape " + new Shape(a.shape()) + ", expected " + p.getValue().getShape()));
      }
      out.put(p.getKey(), a);
    }
    return out;
  }
}
