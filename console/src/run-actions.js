import { api } from './api.js';

// Which operations a run's state allows (docs/runs.md, "What each operation allows"); the
// server decides, this only spares offering what would certainly be refused.
export const ACTIONS = [
  { op: 'cancel', label: 'Cancel', allowed: ['RUNNING', 'WAITING', 'PAUSED'], question: 'Cancel this run? Nodes still open stop and it cannot be resumed.' },
  { op: 'pause', label: 'Pause', allowed: ['RUNNING', 'WAITING'], question: 'Pause this run? No new node starts until it is resumed.' },
  { op: 'resume', label: 'Resume', allowed: ['PAUSED'], question: 'Resume this run?' },
  { op: 'retry', label: 'Retry failed node', allowed: ['FAILED'], question: 'Retry this run from its failed node?' },
];

/** Performs one operation on one run; rejects with the API's problem. */
export function perform(runId, op) {
  return api(`/runs/${encodeURIComponent(runId)}/${op}`, { method: 'POST', body: {} });
}

/**
 * Starts a new run of the same workflow version with the run's input (its trigger data), for
 * "rerun": the old run stays as it was.
 */
export async function rerun(run) {
  return api('/runs', { method: 'POST', body: { workflowId: run.workflowId, version: run.version, input: run.outputs?.trigger ?? {} } });
}
