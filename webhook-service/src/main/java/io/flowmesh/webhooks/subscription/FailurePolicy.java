package io.flowmesh.webhooks.subscription;

/** What a dead head (retries exhausted) does to its key. */
public enum FailurePolicy {
  /** Strict order: the key waits until an operator retries or skips the dead head. */
  BLOCK,
  /** The dead head is dead-lettered and the key goes on with the next delivery. */
  SKIP
}
