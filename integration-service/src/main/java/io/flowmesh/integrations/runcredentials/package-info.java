/**
 * Per-run credentials: the {@code integrations} a run was started with, sealed like connection
 * secrets, readable by that run's functions only, deleted with the run (ADR 0023).
 */
package io.flowmesh.integrations.runcredentials;
