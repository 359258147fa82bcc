package io.flowmesh.events.replay;

import io.flowmesh.events.trigger.Evaluation;
import java.util.List;
import java.util.Map;

/**
 * What a replay did, or would do.
 *
 * @param replayId its id; a forced replay's evaluations carry it
 * @param dryRun true if nothing was recorded or started
 * @param events how many stored events matched
 * @param skipped events that cannot fire triggers (of publish-event nodes), not evaluated
 * @param outcomes how many (trigger, event) pairs came to each outcome: {@code started}, {@code
 *     filtered}, {@code failed}, {@code limited}, {@code duplicate}
 * @param evaluations the first {@value ReplayService#LISTED} of them, with the runs started (none
 *     in a dry run: {@code started} there means it would start)
 */
public record ReplayResult(
    String replayId,
    boolean dryRun,
    int events,
    int skipped,
    Map<String, Integer> outcomes,
    List<Evaluation> evaluations) {}
