package io.flowmesh.events.trigger;

/**
 * How stored events are evaluated again ({@code POST /api/v1/events/replay}).
 *
 * @param id the replay's id ({@code rpl_...}), on the evaluations a forced replay records
 * @param triggerId the one trigger to evaluate them with, or null for every enabled one
 * @param force evaluate events the trigger evaluated before, starting their runs again
 * @param dryRun only say what would happen: nothing is recorded or started
 */
public record Replay(String id, String triggerId, boolean force, boolean dryRun) {}
