/**
 * Replay: stored events evaluated again by the triggers ({@code POST /api/v1/events/replay}), with
 * a dry run that says what would start.
 */
package io.flowmesh.events.replay;
