package dev.flotilla.ensembles.corpus;

import java.io.Closeable;
import java.io.IOException;

/** The documents of one file, in file order, as UTF-8 bytes. */
interface DocumentStream extends Closeable {

  /** The next document (possibly empty), or null at the end of the file. */
  byte[] next() throws IOException;
}
