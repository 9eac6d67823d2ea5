package dev.flotilla.jobs.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real HDFS for tests: NameNode and one DataNode in this JVM, their storage under a folder. */
public final class MiniHdfs {

  private MiniHdfs() {}

  /** Starts it with its storage in {@code base/dfs} and waits until it serves. */
  public static MiniDFSCluster start(Path base) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    return hdfs;
  }
}
