package dev.flotilla.ensembles.corpus;

/**
 * What a corpus unit reports: files read, distinct non-empty documents, what was left out, and
 * documents and bytes per split. Written by {@link CorpusUnit}, read by the corpus job's report;
 * the keys are the snake_case names ({@code bytes_train}, {@code duplicate_documents}, ...).
 */
public record CorpusResult(long files, long documents, long emptyDocuments, long duplicateDocuments,
    long bytesTrain, long documentsTrain, long bytesValid, long documentsValid, long bytesTest,
    long documentsTest, String domain) {

  /** Bytes of all three splits. */
  public long bytes() {
    return bytesTrain + bytesValid + bytesTest;
  }
}
