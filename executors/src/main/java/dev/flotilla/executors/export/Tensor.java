package dev.flotilla.executors.export;

/** One named float32 tensor, row-major, in PyTorch's layout. */
public record Tensor(String name, long[] shape, float[] data) {}
