package dev.flotilla.executors.export;

import dev.flotilla.executors.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model in the portable form every exporter produces: float32 tensors in PyTorch's
 * layouts (written as safetensors) and a small JSON config describing the architecture (which
 * tensor goes where), which {@code flotilla_portable.py} turns into a PyTorch forward pass.
 * Backends only map their parameters to these names and layouts; the config comes from the
 * engine-neutral spec, so one architecture has one config whichever library trained it.
 *
 * @param config the architecture; its {@code format} key names the layout (a change of layout
 *     gets a new name)
 */
public record PortableModel(List<Tensor> tensors, Map<String, Object> config) {

  public PortableModel {
    tensors = List.copyOf(tensors);
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    Objects.requireNonNull(config.get("format"), "a portable config names its format");
  }

  public String format() {
    return config.get("format").toString();
  }

  /** The tensor called {@code name}; fails naming the format if it is absent. */
  public Tensor tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException(format() + " has no tensor '" + name + "'"));
  }

  public long parameterCount() {
    return tensors.stream().mapToLong(t -> t.data().length).sum();
  }

  /** Writes the tensors as safetensors (metadata: the format) and the config as indented JSON. */
  public void write(OutputStream weights, OutputStream configOut) throws IOException {
    SafeTensors.write(weights, tensors, Map.of("format", format()));
    Json.PLAIN.writerWithDefaultPrettyPrinter().writeValue(configOut, config);
  }

  /**
   * Fails unless every tensor the config's architecture needs has the shape it needs: a
   * backend that mapped a layout wrongly is caught here, not in someone's PyTorch.
   */
  public PortableModel checkShapes(Map<String, long[]> expected) {
    if (tensors.size() != expected.size()) {
      throw new IllegalStateException(format() + ": " + tensors.size() + " tensors, the architecture has "
          + expected.size() + " " + expected.keySet());
    }
    for (Tensor t : tensors) {
      long[] shape = expected.get(t.name());
      if (shape == null || !java.util.Arrays.equals(shape, t.shape())) {
        throw new IllegalStateException(format() + ": tensor " + t.name() + " has shape "
            + java.util.Arrays.toString(t.shape()) + ", the architecture needs "
            + (shape == null ? "no such tensor" : java.util.Arrays.toString(shape)));
      }
    }
    return this;
  }
}
