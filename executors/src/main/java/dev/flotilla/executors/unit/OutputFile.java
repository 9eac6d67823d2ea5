package dev.flotilla.executors.unit;

import java.util.Objects;

/**
 * One file a committed unit wrote, as recorded in its {@code _UNIT.json}: the path relative to the
 * unit's directory, its size in bytes and the SHA-256 of its content (hex). Immutable.
 */
public record OutputFile(String path, long size, String sha256) {

  public OutputFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    if (size < 0) {
      throw new IllegalArgumentException("output " + path + ": size must be >= 0, got " + size);
    }
  }
}
