package dev.flotilla.ensembles.corpus;

/**
 * What a tokenizer-training unit reports: the vocabulary a model of it has (pieces and the
 * document marker) and the training text it saw.
 */
public record TokenizerResult(long vocab, long documents, long bytes) {}
