package dev.flotilla.driver;

import dev.flotilla.driver.manifest.RunManifest;
import dev.flotilla.executors.rundir.RunDir;

/** What a job's merge step sees: the run directory and the manifest of committed units. */
public record MergeContext(RunDir runDir, RunManifest manifest) {}
