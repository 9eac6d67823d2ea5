package dev.flotilla.ensembles.hdee;

/** A corpus domain and the unit that committed its token shards. */
public record DomainRef(String name, String corpusUnit) {}
