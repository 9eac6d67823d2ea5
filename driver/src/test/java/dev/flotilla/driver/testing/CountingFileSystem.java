package dev.flotilla.driver.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code counted://}, recording every metadata and data call
 * (operation and path): what a driver would send an object store, where each is a request.
 * Nothing under this scheme takes the local-file shortcuts Flotilla uses for {@code file://}.
 */
public final class CountingFileSystem extends RawLocalFileSystem {

  public static final String SCHEME = "counted";

  /** One call: operation and path. */
  public record Call(String op, String path) {}

  private static final List<Call> CALLS = new CopyOnWriteArrayList<>();

  /** Registers the scheme (both Hadoop APIs) in {@code conf}. */
  public static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", CountingFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    conf.set("fs.AbstractFileSystem." + SCHEME + ".impl", Afs.class.getName());
  }

  public static void reset() {
    CALLS.clear();
  }

  public static List<Call> calls() {
    return List.copyOf(CALLS);
  }

  /** The local listing stats each entry itself; an object store's listing returns them in one page. */
  private static final ThreadLocal<Boolean> LISTING = ThreadLocal.withInitial(() -> false);

  private static void count(String op, Path p) {
    if (!LISTING.get()) {
      CALLS.add(new Call(op, p.toUri().getPath()));
    }
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    count("getFileStatus", f);
    return super.getFileStatus(f);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    count("listStatus", f);
    LISTING.set(true);
    try {
      return super.listStatus(f);
    } finally {
      LISTING.set(false);
    }
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    count("open", f);
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
    count("create", f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    count("rename", src);
    return super.rename(src, dst);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    count("delete", p);
    return super.delete(p, recursive);
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    count("mkdirs", f);
    return super.mkdirs(f, permission);
  }

  /** The same file system for {@code FileContext} (atomic renames go through it). */
  public static final class Afs extends DelegateToFileSystem {
    public Afs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new CountingFileSystem(), conf, SCHEME, false);
    }
  }
}
