package dev.flotilla.datafiltering.pool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a WebDataset shard: for each sample, {@code <key>.<png|jpg>}, {@code <key>.txt} and
 * {@code <key>.json}, consecutive in one tar. Streams: nothing beyond one sample is held.
 * Entries carry modification time 0, so a shard is a pure function of its samples.
 */
public final class WebDatasetWriter implements PoolWriter {

  private final TarArchiveOutputStream tar;
  private long samples;

  public WebDatasetWriter(OutputStream out) {
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  @Override
  public void write(PoolSample s) throws IOException {
    WebDatasetReader.checkKey(s.key());
    put(s.key() + "." + s.imageExt(), s.image());
    if (s.text() != null) {
      put(s.key() + ".txt", s.text().getBytes(StandardCharsets.UTF_8));
    }
    put(s.key() + ".json", (s.json() != null ? s.json() : "{\"uid\":\"" + s.uid() + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    samples++;
  }

  private void put(String name, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    e.setModTime(0); // a fixed time: the same samples always make the same bytes
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }

  @Override
  public long samples() {
    return samples;
  }

  @Override
  public void close() throws IOException {
    tar.finish();
    tar.close();
  }
}
