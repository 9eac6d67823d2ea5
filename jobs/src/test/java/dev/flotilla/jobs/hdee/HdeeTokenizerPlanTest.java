package dev.flotilla.jobs.hdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.driver.plan.Plan;
import dev.flotilla.driver.plan.PlannedUnit;
import dev.flotilla.ensembles.corpus.CorpusTokensUnit;
import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.ensembles.corpus.TokenizerTrainUnit;
import dev.flotilla.ensembles.hdee.DomainRef;
import dev.flotilla.ensembles.hdee.HdeeSeedUnit;
import dev.flotilla.jobs.testing.TinyCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hdee.tokenizer: the corpus stage's tokenizer units, and vocabularies in specs and FLOPs. */
class HdeeTokenizerPlanTest {

  @TempDir Path tmp;
  Path corpus;

  @BeforeEach
  void corpus() throws Exception {
    corpus = TinyCorpus.write(tmp.resolve("corpus"), 30);
  }

  private static List<PlannedUnit> ofKind(Plan p, String kind) {
    return p.units().stream().filter(u -> u.kind().equals(kind)).toList();
  }

  @Test
  void sentencepieceTrainsOnTheTrainingDomainsAndModelsReadTheRetokenizedShards() {
    Plan bytes = HdeePlannerTest.job(tmp, corpus, "plans = [homogeneous]\nbudget.total-flops = 1e11").plan();
    Plan spm = HdeePlannerTest.job(tmp, corpus, "plans = [homogeneous]\nbudget.total-flops = 1e11\ntokenizer { kind = sentencepiece, vocab-size = 500 }")
        .plan();
    assertThat(ofKind(bytes, TokenizerTrainUnit.KIND)).isEmpty();
    assertThat(ofKind(bytes, CorpusTokensUnit.KIND)).isEmpty();

    Map<String, PlannedUnit> corpusUnits = ofKind(spm, CorpusUnit.KIND).stream()
        .collect(Collectors.toMap(u -> ((CorpusUnit) u.unit()).domain(), Function.identity()));
    // byte shards are the same units either way: a tokenizer only adds units after them
    assertThat(ofKind(bytes, CorpusUnit.KIND)).extracting(PlannedUnit::id)
        .containsExactlyInAnyOrderElementsOf(corpusUnits.values().stream().map(PlannedUnit::id).toList());
    PlannedUnit trainer = ofKind(spm, TokenizerTrainUnit.KIND).get(0);
    assertThat(((TokenizerTrainUnit) trainer.unit()).vocabSize()).isEqualTo(500);
    assertThat(trainer.after()).as("the training domains only, never eval-only ones").containsExactlyInAnyOrder(
        corpusUnits.get("python").id(), corpusUnits.get("headers").id(), corpusUnits.get("copyright").id());
    List<PlannedUnit> tokens = ofKind(spm, CorpusTokensUnit.KIND);
    assertThat(tokens).extracting(u -> ((CorpusTokensUnit) u.unit()).domain())
        .containsExactly("python", "headers", "copyright", "email");
    for (PlannedUnit t : tokens) {
      CorpusTokensUnit u = (CorpusTokensUnit) t.unit();
      assertThat(t.after()).containsExactlyInAnyOrder(corpusUnits.get(u.domain()).id(), trainer.id());
      assertThat(u.tokenizerUnit()).isEqualTo(trainer.id());
    }
    HdeeSeedUnit seed = (HdeeSeedUnit) ofKind(spm, HdeeSeedUnit.KIND).get(0).unit();
    assertThat(seed.spec().vocab()).isEqualTo(501);
    assertThat(seed.evaluate()).extracting(DomainRef::corpusUnit)
        .containsExactlyElementsOf(tokens.stream().map(PlannedUnit::id).toList());
    assertThat(seed.evaluate()).extracting(DomainRef::vocab).containsOnly(501);
    // Embeddings and head of a 501-id vocabulary: more parameters, so more FLOPs per step.
    HdeeSeedUnit byteSeed = (HdeeSeedUnit) ofKind(bytes, HdeeSeedUnit.KIND).get(0).unit();
    assertThat(byteSeed.spec().vocab()).isZero();
    assertThat(seed.spec().parameters() - byteSeed.spec().parameters())
        .isEqualTo(2L * (501 - 258) * seed.spec().dModel() + (501 - 258));
    assertThat(seed.spec().trainFlopsPerToken()).isGreaterThan(byteSeed.spec().trainFlopsPerToken());
  }

  /** A user's domain given by hdee.corpus.extra-domains is a corpus-stage domain like the folder's. */
  @Test
  void extraDomainsAreShardedTokenizedAndTrainTheTokenizerWhenInATrainingGroup() throws Exception {
    Path law = tmp.resolve("law.jsonl");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      rows.append("{\"text\": \"Article ").append(i).append(": the parties agree.\"}\n");
    }
    java.nio.file.Files.writeString(law, rows);
    Path notes = java.nio.file.Files.createDirectories(tmp.resolve("notes"));
    for (int i = 0; i < 5; i++) {
      java.nio.file.Files.writeString(notes.resolve(i + ".txt"), "note " + i);
    }
    Plan p = HdeePlannerTest.job(tmp, corpus, """
        corpus.extra-domains = [
          { name = law, path = "%s", format = jsonl, field = text }
          { name = notes, path = "%s", format = txt }
        ]
        domains { groups = [[python], [headers, law], [copyright]], eval-only = [email, notes] }
        plans = [homogeneous]
        budget.total-flops = 1e11
        tokenizer { kind = sentencepiece, vocab-size = 500 }
        """.formatted(law, notes)).plan();
    Map<String, PlannedUnit> corpusUnits = ofKind(p, CorpusUnit.KIND).stream()
        .collect(Collectors.toMap(u -> ((CorpusUnit) u.unit()).domain(), Function.identity()));
    assertThat(corpusUnits).containsKeys("law", "notes");
    assertThat(((CorpusUnit) corpusUnits.get("law").unit()).documents().format()).isEqualTo("jsonl");
    PlannedUnit trainer = ofKind(p, TokenizerTrainUnit.KIND).get(0);
    assertThat(trainer.after()).contains(corpusUnits.get("law").id()).doesNotContain(corpusUnits.get("notes").id());
    assertThat(ofKind(p, CorpusTokensUnit.KIND)).extracting(u -> ((CorpusTokensUnit) u.unit()).domain())
        .contains("law", "notes");
  }

  @Test
  void aMissingTokenizerFileFailsNamingItsKey() {
    Path missing = tmp.resolve("none/tokenizer.json");
    assertThatThrownBy(() -> HdeePlannerTest.job(tmp, corpus,
        "tokenizer { kind = huggingface, file = \"" + missing + "\" }"))
        .hasMessageContaining("hdee.tokenizer.file").hasMessageContaining("tokenizer " + missing + " does not exist");
    assertThatThrownBy(() -> HdeePlannerTest.job(tmp, corpus, "tokenizer { kind = sentencepiece, vocab-size = 100 }"))
        .hasMessageContaining("hdee.tokenizer.vocab-size");
  }
}
