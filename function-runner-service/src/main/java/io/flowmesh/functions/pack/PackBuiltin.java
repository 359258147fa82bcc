package io.flowmesh.functions.pack;

import io.flowmesh.functions.execution.Outcome;

/**
 * Makes the calls of a pack function that is not one JSON request, named by the function's {@code
 * builtin} in its pack: the pack still declares the function (schemas, credentials, request,
 * response mapping, retryable statuses), the builtin only does what a declaration cannot say (ADR
 * 0054).
 */
interface PackBuiltin {

  /** The name packs give in {@code builtin}, e.g. {@code fal-queue}. */
  String name();

  /**
   * Makes the calls and maps the last answer with the pack's {@code response}.
   *
   * @throws PackCall.Failed when a call fails; its outcome is the execution's
   */
  Outcome run(PackCall call) throws PackCall.Failed;
}
