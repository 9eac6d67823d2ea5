package dev.flotilla.executors.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Views of a model's long-lived arrays (its weights, its causal mask) made for one batch: a
 * reshape, a transpose, the first positions.
 *
 * <p>DJL puts an operation's result in its receiver's manager, so {@code weight.reshape(..)} lands
 * in the model's manager and stays there until the model closes. A few such views per batch are a
 * few hundred bytes of native and Java memory each; over 10M scored pairs they grew a scoring
 * executor by ~100 MB. Hand them to the batch's scope; an operation whose receiver is already in
 * the scope needs nothing.
 */
public final class WeightViews {

  private WeightViews() {}

  /** {@code view}, now freed with {@code scope} instead of with the model. */
  public static NDArray inScope(NDManager scope, NDArray view) {
    view.attach(scope);
    return view;
  }
}
