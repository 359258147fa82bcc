import { useEffect, useRef, useState } from 'react';
import { api, ApiProblem } from '../api.js';
import { nodeStates } from '../graph.js';

const POLL_MS = 1000;
const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/**
 * Runs the saved version with a JSON input and shows the run on the same canvas: node states from
 * the run's history, polled as the run page does (ADR 0041), and Approve / Reject for each gate the
 * run waits on.
 */
export function RunPanel({ meta, dirty, document, onStates }) {
  const [input, setInput] = useState('{}');
  const [run, setRun] = useState(null);
  const [waitingGates, setWaitingGates] = useState([]);
  const [error, setError] = useState(null);
  const timer = useRef(null);

  useEffect(() => () => clearTimeout(timer.current), []);

  const watch = (runId) => {
    clearTimeout(timer.current);
    const tick = async () => {
      try {
        const [current, history] = await Promise.all([api(`/runs/${encodeURIComponent(runId)}`), api(`/runs/${encodeURIComponent(runId)}/history`)]);
        const states = nodeStates(document, history, current);
        setRun(current);
        onStates(states);
        setWaitingGates((document.nodes ?? []).filter((n) => n.type === 'approval-gate' && states.get(n.id)?.state === 'waiting'));
        if (!FINISHED.has(current.status)) timer.current = setTimeout(tick, POLL_MS);
      } catch (e) {
        setError(e instanceof ApiProblem ? e.describe() : e.message);
      }
    };
    tick();
  };

  const start = async (event) => {
    event.preventDefault();
    setError(null);
    let parsed;
    try {
      parsed = JSON.parse(input || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object');
    } catch (e) {
      setError(`Input: ${e.message}`);
      return;
    }
    try {
      const started = await api('/runs', { method: 'POST', body: { workflowId: meta.id, version: meta.savedVersion, input: parsed } });
      watch(started.runId);
    } catch (e) {
      setError(e instanceof ApiProblem ? e.describe() : e.message);
    }
  };

  const decide = async (gate, approved) => {
    try {
      await api(`/runs/${encodeURIComponent(run.runId)}/events`, {
        method: 'POST',
        body: { eventName: gate.config?.eventName ?? gate.id, eventData: { approved, by: 'console' } },
      });
      setWaitingGates((gates) => gates.filter((g) => g.id !== gate.id));
    } catch (e) {
      setError(e instanceof ApiProblem ? e.describe() : e.message);
    }
  };

  const stop = () => {
    clearTimeout(timer.current);
    setRun(null);
    setWaitingGates([]);
    onStates(new Map());
  };

  return (
    <section className="run-panel" aria-labelledby="run-panel-title">
      <h2 id="run-panel-title">Run</h2>
      {dirty ? <p className="muted">Save to run this version.</p> : null}
      <form onSubmit={start} aria-label="Run this version">
        <div className="field">
          <label htmlFor="run-input">Input (JSON object)</label>
          <textarea id="run-input" rows={3} spellCheck="false" value={input} onChange={(e) => setInput(e.target.value)} />
        </div>
        <button type="submit" disabled={dirty || !meta.savedVersion}>
          Run v{meta.savedVersion ?? '?'}
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {run ? (
        <div className="run-watch">
          <p>
            <a href={`/console/runs/${encodeURIComponent(run.runId)}`}>{run.runId}</a>:{' '}
            <strong id="builder-run-status" data-status={run.status}>
              {run.status}
            </strong>
          </p>
          {waitingGates.map((gate) => (
            <div key={gate.id} className="gate" data-gate={gate.id}>
              <p>
                {gate.label ?? gate.id} waits{gate.config?.message ? `: ${gate.config.message}` : ''}
              </p>
              <button type="button" onClick={() => decide(gate, true)}>
                Approve
              </button>{' '}
              <button type="button" className="secondary" onClick={() => decide(gate, false)}>
                Reject
              </button>
            </div>
          ))}
          <button type="button" className="link" onClick={stop}>
            Back to editing
          </button>
        </div>
      ) : null}
    </section>
  );
}
