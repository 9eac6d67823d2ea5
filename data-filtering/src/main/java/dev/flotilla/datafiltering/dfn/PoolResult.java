package dev.flotilla.datafiltering.dfn;

/** What a pool unit wrote: {@code samples} pairs, {@code clean} of them correctly captioned. */
public record PoolResult(long samples, long clean) {}
