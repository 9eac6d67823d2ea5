package dev.flotilla.ensembles.corpus.debian;

/**
 * One candidate document as a source yields it, before normalisation.
 *
 * @param source where it came from (package path, archive member, #index within a file)
 * @param bytes its text as found (UTF-8 expected; invalid bytes are replaced and counted)
 * @param licence which leading licence comment to remove
 */
public record RawDocument(String source, byte[] bytes, Licence licence) {

  /** The leading comment style whose licence block is removed. */
  public enum Licence {
    NONE, C, HASH
  }
}
