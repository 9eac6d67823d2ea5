package dev.flotilla.executors.export;

/** A model that can be written in the portable form (safetensors + JSON architecture). */
public interface Exportable {

  /** Copies of the current weights in PyTorch's layouts, and the architecture's config. */
  PortableModel portable();
}
