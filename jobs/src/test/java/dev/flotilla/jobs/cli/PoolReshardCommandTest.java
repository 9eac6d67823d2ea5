package dev.flotilla.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flotilla pool reshard}: a listed subset of a pool into new shards; an existing output is exit 2. */
class PoolReshardCommandTest {

  @TempDir Path tmp;

  @Test
  void reshardsTheListedPairsAndRefusesAnExistingOutput() throws Exception {
    CommandLine cli = FlotillaCli.commandLine();
    Path pool = tmp.resolve("pool");
    assertThat(cli.execute("pool", "make", "--out", pool.toString(), "--samples", "200", "--shard-size", "100",
        "--hq-images", "5000", "--threads", "1")).isZero();
    // The first 30 uids of the ground truth, as a text list.
    try (Stream<String> lines = Files.lines(Path.of(pool + ".truth.tsv"))) {
      Files.write(tmp.resolve("uids.txt"), lines.skip(1).limit(30).map(l -> l.split("\t")[0]).toList());
    }
    Path out = tmp.resolve("out");
    assertThat(cli.execute("pool", "reshard", pool.toString(), out.toString(), "--uids",
        tmp.resolve("uids.txt").toString(), "--shard-size", "16", "--format", "parquet")).isZero();
    try (Stream<Path> files = Files.list(out)) { // Hadoop's local FS adds hidden .crc files beside them
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted())
          .containsExactly("shard-00000.parquet", "shard-00001.parquet");
    }
    StringWriter err = new StringWriter();
    cli.getSubcommands().get("pool").getSubcommands().get("reshard").setErr(new PrintWriter(err));
    assertThat(cli.execute("pool", "reshard", pool.toString(), out.toString(), "--uids",
        tmp.resolve("uids.txt").toString())).isEqualTo(2);
  }
}
