package dev.flotilla.executors.lm;

import dev.flotilla.executors.lm.djl.DjlLmBackend;
import dev.flotilla.executors.lm.dl4j.Dl4jLmBackend;
import java.util.List;

/** The language-model backends by name: {@code djl} (transformer) and {@code dl4j} (LSTM). */
public final class LmBackends {

  private static final List<LmBackend> ALL = List.of(new DjlLmBackend(), new Dl4jLmBackend());

  private LmBackends() {}

  public static LmBackend of(String name) {
    return ALL.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown language-model backend '" + name + "' (known: "
            + ALL.stream().map(LmBackend::name).toList() + ")"));
  }

  /** The backend for a model kind: the one that lists it. */
  public static LmBackend forKind(String kind) {
    return ALL.stream().filter(b -> b.kinds().contains(kind)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no backend builds '" + kind + "' models"));
  }
}
