package io.flowmesh.orchestrator.engine;

import java.time.InstantSource;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What a transition draws on besides its run: new execution ids, the time timers are due from, and
 * the draw for retry jitter. Handed in, so the interpreter stays pure and tests control all three.
 *
 * @param random uniform in [0, 1)
 */
record Sources(Supplier<String> executionIds, InstantSource clock, DoubleSupplier random) {}
