package dev.flotilla.executors.backend;

/**
 * A family of models that share a spec type and a model contract: classifiers
 * ({@link ModelSpec} to {@link TrainableModel}), language models, nested networks, filtering
 * networks. A family is declared once, next to its model type, by the module that owns it; each
 * backend then registers a {@link ModelFactory} for every family it can build.
 *
 * @param name the family's name in messages ({@code classifier}, {@code language-model}, ...)
 */
public record ModelFamily<S, M extends AutoCloseable>(String name, Class<S> specType, Class<M> modelType) {

  @Override
  public String toString() {
    return name;
  }
}
