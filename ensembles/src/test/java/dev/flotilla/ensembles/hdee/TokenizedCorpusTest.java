package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ensembles.corpus.CorpusResult;
import dev.flotilla.ensembles.corpus.CorpusTokensUnit;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.ensembles.corpus.TokenizerResult;
import dev.flotilla.ensembles.corpus.TokenizerTrainUnit;
import dev.flotilla.ensembles.corpus.TokensResult;
import dev.flotilla.ensembles.tokens.TextTokenizer;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.lm.TokenFiles;
import dev.flotilla.executors.rundir.RunDir;
import dev.flotilla.executors.unit.UnitCodec;
import dev.flotilla.executors.unit.UnitRecord;
import dev.flotilla.executors.unit.UnitRecordCodec;
import dev.flotilla.executors.unit.UnitResult;
import dev.flotilla.executors.unit.UnitRunner;
import dev.flotilla.executors.unit.UnitStatus;
import dev.flotilla.executors.unit.UnitTask;
import dev.flotilla.executors.unit.WorkUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus stage with a trained tokenizer, unit by unit: byte shards → SentencePiece on the
 * training domain's train split → every domain re-tokenized (ids decode back to the documents,
 * byte counts sum to their bytes) → a seed trained on ids, scored in bits per byte.
 */
class TokenizedCorpusTest {

  @TempDir Path tmp;

  @Test
  void trainedTokenizerShardsRoundTripAndASeedScoresThemInBitsPerByte() throws Exception {
    Path python = Files.createDirectories(tmp.resolve("corpus/python"));
    try (Stream<Path> files = Files.list(Path.of("/usr/lib/python3.11"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".py")).sorted().limit(30).toList()) {
        Files.copy(p, python.resolve(p.getFileName() + ".txt"));
      }
    }
    Path prose = Files.createDirectories(tmp.resolve("corpus/prose"));
    for (int i = 0; i < 12; i++) {
      Files.writeString(prose.resolve(i + ".txt"), ("Caf\u00e9 number " + i + " serves cr\u00e8me br\u00fbl\u00e9e.\n")
          .repeat(5 + i));
    }
    RunDir run = RunDir.at(tmp.resolve("run").toUri().toString(), new Configuration());
    String corpus = tmp.resolve("corpus").toUri().toString();
    UnitRecord pyBytes = runUnit(run, new CorpusUnit("python", corpus, 1, 0.1, 0.1, 1));
    UnitRecord proseBytes = runUnit(run, new CorpusUnit("prose", corpus, 1, 0.2, 0.2, 1));

    TokenizerTrainUnit trainer = new TokenizerTrainUnit(List.of(pyBytes.unitId()), 400, 1);
    TokenizerResult t = runUnit(run, trainer).result(TokenizerResult.class);
    assertThat(t.vocab()).isEqualTo(401);
    assertThat(t.bytes()).isEqualTo(pyBytes.result(CorpusResult.class).bytesTrain());

    List<DomainRef> refs = new ArrayList<>();
    FileSystem fs = FileSystem.getLocal(new Configuration());
    String tokenizer = run.unit(UnitCodec.idOf(trainer)) + "/" + TokenizerTrainUnit.FILE;
    for (UnitRecord bytes : List.of(pyBytes, proseBytes)) {
      CorpusResult c = bytes.result(CorpusResult.class);
      UnitRecord rec = runUnit(run, new CorpusTokensUnit(c.domain(), bytes.unitId(), null, UnitCodec.idOf(trainer),
          c.bytes()));
      TokensResult r = rec.result(TokensResult.class);
      assertThat(r.vocab()).isEqualTo(401);
      assertThat(r.bytesTrain()).isEqualTo(c.bytesTrain());
      assertThat(r.bytesTest()).isEqualTo(c.bytesTest());
      assertThat(r.nonUtf8Documents()).isZero();
      try (TextTokenizer tok = TextTokenizer.load(tokenizer, new Configuration())) {
        for (String split : CorpusUnit.SPLITS) {
          org.apache.hadoop.fs.Path dir = run.unit(rec.unitId());
          char[] ids = TokenFiles.read(fs, new org.apache.hadoop.fs.Path(dir, split + TokenFiles.SUFFIX), 401);
          char[] counts = TokenFiles.read(fs, new org.apache.hadoop.fs.Path(dir, split + CorpusTokensUnit.BYTES_SUFFIX),
              TokenFiles.MAX_VOCAB);
          char[] original = TokenFiles.read(fs, new org.apache.hadoop.fs.Path(run.unit(bytes.unitId()),
              split + TokenFiles.SUFFIX));
          assertThat(ids).hasSameSizeAs(counts);
          long textBytes = 0;
          for (int i = 0; i < ids.length; i++) {
            assertThat(ids[i] == tok.documentMarker()).isEqualTo(counts[i] == TextBytes.NOT_TEXT);
            textBytes += counts[i] == TextBytes.NOT_TEXT ? 0 : counts[i];
          }
          int[] asInts = new int[ids.length];
          Arrays.setAll(asInts, i -> ids[i]);
          StringBuilder text = new StringBuilder();
          for (char b : original) {
            if (b < 256) {
              text.append((char) b);
            }
          }
          String decoded = tok.decode(asInts);
          // (booleans: the texts are too long to print on a failure)
          assertThat(Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8),
              text.toString().getBytes(StandardCharsets.ISO_8859_1))).as(split + " decodes to its documents").isTrue();
          assertThat(textBytes).as(split).isEqualTo(text.length());
        }
      }
      refs.add(new DomainRef(c.domain(), rec.unitId(), 401));
    }

    LmSpec spec = new LmSpec(LmSpec.TRANSFORMER, 1, 16, 2, 32, 16, 3e-3, 401);
    HdeeSeedUnit seed = new HdeeSeedUnit("S", spec, 6, 4, 0.1, refs, refs, 3);
    SeedResult r = runUnit(run, seed).result(SeedResult.class);
    assertThat(r.trainFlops()).isEqualTo(6.0 * spec.parameters() * 6 * 4 * 16);
    // An untrained model over 401 ids: about log2(401) = 8.6 bits per token, spread over the
    // several bytes each token holds.
    assertThat(r.bpbTest().values()).allMatch(b -> b > 0.5 && b < 8.6);
  }

  private static UnitRecord runUnit(RunDir run, WorkUnit u) throws Exception {
    String id = UnitCodec.idOf(u);
    UnitResult result = UnitRunner.run(new UnitTask(id, u.kind(), u.name(), UnitCodec.toJson(u), 0, 1, 7,
        run.uri(), 1000, Map.of()), 0, "test");
    assertThat(result.status()).as(u.name() + ": " + result.error()).isEqualTo(UnitStatus.COMMITTED);
    return UnitRecordCodec.read(run, id);
  }
}
