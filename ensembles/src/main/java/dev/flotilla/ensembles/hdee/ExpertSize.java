package dev.flotilla.ensembles.hdee;

import dev.flotilla.executors.lm.LmSpec;

/** A named model size (HDEE's S, M, L differ by MLP width: 3x, 4x, 5x d_model). */
public record ExpertSize(String name, LmSpec spec) {}
