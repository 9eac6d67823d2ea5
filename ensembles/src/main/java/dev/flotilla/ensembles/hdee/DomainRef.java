package dev.flotilla.ensembles.hdee;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A corpus domain and the unit that committed its token shards.
 *
 * @param vocab the shards' vocabulary when a tokenizer made them ({@code <split>.bytes.tok}
 *     beside them); 0 = byte tokens, left out of the JSON so byte-level units keep their ids
 */
public record DomainRef(String name, String corpusUnit, @JsonInclude(JsonInclude.Include.NON_DEFAULT) int vocab) {

  /** A domain of byte-token shards. */
  public DomainRef(String name, String corpusUnit) {
    this(name, corpusUnit, 0);
  }
}
