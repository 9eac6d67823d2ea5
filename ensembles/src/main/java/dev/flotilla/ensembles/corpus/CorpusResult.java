package dev.flotilla.ensembles.corpus;

/**
 * What a corpus unit reports: files read, distinct non-empty documents, what was left out, and
 * documents and bytes per split. Written by {@link CorpusUnit}, read by the corpus job's report;
 * the keys are the snake_case names ({@code bytes_train}, {@code duplicate_documents}, ...).
 * Rows of JSONL or Parquet files that held no document are counted per reason
 * ({@code invalid_json_rows}, {@code missing_field_rows}, {@code non_string_rows}; 0 for .txt
 * domains and in records written before they existed).
 */
public record CorpusResult(long files, long documents, long emptyDocuments, long duplicateDocuments,
    long bytesTrain, long documentsTrain, long bytesValid, long documentsValid, long bytesTest,
    long documentsTest, long invalidJsonRows, long missingFieldRows, long nonStringRows, String domain) {

  /** Bytes of all three splits. */
  public long bytes() {
    return bytesTrain + bytesValid + bytesTest;
  }

  /** Rows that held no document, whatever the reason. */
  public long badRows() {
    return invalidJsonRows + missingFieldRows + nonStringRows;
  }
}
