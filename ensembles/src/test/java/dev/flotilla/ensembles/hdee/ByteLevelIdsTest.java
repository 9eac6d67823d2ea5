package dev.flotilla.ensembles.hdee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.ensembles.corpus.CorpusUnit;
import dev.flotilla.ensembles.corpus.DomainInput;
import dev.flotilla.executors.lm.LmSpec;
import dev.flotilla.executors.unit.UnitCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-level units spell their specs as before tokenizers and domain inputs existed (no
 * {@code vocab}, no {@code input}), so their ids, and committed runs, stay valid; the new fields
 * appear only when set, and the spec reads back equal.
 */
class ByteLevelIdsTest {

  @Test
  void newFieldsAppearOnlyWhenSet() throws Exception {
    LmSpec bytes = new LmSpec(LmSpec.TRANSFORMER, 1, 16, 2, 32, 16, 3e-3);
    HdeeSeedUnit seed = new HdeeSeedUnit("S", bytes, 10, 4, 0.1, List.of(new DomainRef("c", "corpus-c-1")),
        List.of(new DomainRef("c", "corpus-c-1")), 3);
    assertThat(UnitCodec.toJson(seed)).doesNotContain("vocab");
    CorpusUnit txt = new CorpusUnit("c", "file:/data/corpus/", 1, 0.05, 0.05, 100);
    assertThat(UnitCodec.toJson(txt)).doesNotContain("input");

    HdeeSeedUnit tokenized = new HdeeSeedUnit("S", bytes.withVocab(4097), 10, 4, 0.1,
        List.of(new DomainRef("c", "tokens-c-1", 4097)), List.of(new DomainRef("c", "tokens-c-1", 4097)), 3);
    assertThat(UnitCodec.toJson(tokenized)).contains("\"vocab\":4097");
    assertThat(UnitCodec.idOf(tokenized)).isNotEqualTo(UnitCodec.idOf(seed));
    assertThat(UnitCodec.fromJson(HdeeSeedUnit.KIND, UnitCodec.toJson(tokenized))).isEqualTo(tokenized);
    CorpusUnit jsonl = new CorpusUnit("law", "hdfs://nn/law", 1, 0.05, 0.05, 100,
        new DomainInput("hdfs://nn/law", "jsonl", "text"));
    assertThat(UnitCodec.fromJson(CorpusUnit.KIND, UnitCodec.toJson(jsonl))).isEqualTo(jsonl);
  }
}
