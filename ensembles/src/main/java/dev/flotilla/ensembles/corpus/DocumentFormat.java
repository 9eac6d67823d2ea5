package dev.flotilla.ensembles.corpus;

import java.util.Arrays;
import java.util.List;

/** How a domain's files hold documents. */
public enum DocumentFormat {
  /** One document per {@code .txt} file. */
  TXT("txt", ".txt"),
  /** One document per line of {@code .jsonl} files (optionally compressed, e.g. {@code .jsonl.gz}): a string field. */
  JSONL("jsonl", ".jsonl"),
  /** One document per row of {@code .parquet} files: a string column. */
  PARQUET("parquet", ".parquet");

  private final String configName;
  private final String extension;

  DocumentFormat(String configName, String extension) {
    this.configName = configName;
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public String configName() {
    return configName;
  }

  /** Whether a file of a folder listing holds documents of this format. */
  public boolean matches(String fileName) {
    return this == JSONL ? fileName.endsWith(extension) || fileName.contains(extension + ".")
        : fileName.endsWith(extension);
  }

  /** Whether documents come from a field or column (so one must be named). */
  public boolean hasField() {
    return this != TXT;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(DocumentFormat::configName).toList();
  }

  public static DocumentFormat of(String name) {
    return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("format '" + name + "' is not one of " + names()));
  }
}
