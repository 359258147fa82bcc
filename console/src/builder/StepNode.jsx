import { createContext, memo, useContext } from 'react';
import { Handle, Position } from '@xyflow/react';
import { KINDS, handleId } from './model.js';

/** What the canvas shows beside the graph: problems by node id and, while a run is watched, its states. */
export const Overlay = createContext({ problems: new Map(), states: new Map(), functions: new Map() });

/**
 * A node on the canvas: its label, its kind (or function), one input handle (a join has three,
 * so its branches arrive visibly apart) and one output handle per branch its edges may follow.
 */
export const StepNode = memo(function StepNode({ id, data, selected }) {
  const { problems, states, functions } = useContext(Overlay);
  const kind = KINDS[data.kind] ?? { outputs: [null], inputs: 1 };
  const outputs = data.kind === 'switch' ? [...(Array.isArray(data.config?.cases) ? data.config.cases.map((c) => c?.id).filter(Boolean) : []), ...kind.outputs] : kind.outputs;
  const slug = data.config?.actionId ?? data.config?.function;
  const subtitle = data.kind === 'action' ? (functions.get(slug)?.name ?? slug ?? 'no function') : (kind.title ?? data.kind);
  const nodeProblems = problems.get(id) ?? [];
  const state = states.get(id)?.state;
  const classes = ['step', `kind-${data.kind}`, nodeProblems.length ? 'has-problem' : '', state ? `state-${state}` : '', data.enabled === false ? 'disabled' : '', selected ? 'selected' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-state={state} data-problems={nodeProblems.length || undefined} title={nodeProblems.map((p) => p.message).join('\n') || undefined}>
      {Array.from({ length: kind.inputs }, (_, i) => (
        <Handle key={`in${i}`} id={`in${i}`} type="target" position={Position.Left} style={kind.inputs > 1 ? { top: `${((i + 1) * 100) / (kind.inputs + 1)}%` } : undefined} />
      ))}
      <div className="step-label">{data.label}</div>
      <div className="step-sub">
        {subtitle}
        {state ? ` · ${state}` : ''}
      </div>
      {nodeProblems.length ? (
        <div className="step-problem" aria-label={`${nodeProblems.length} problem(s)`}>
          ⚠ {nodeProblems[0].message}
        </div>
      ) : null}
      {outputs.map((handle, i) => (
        <div key={handleId(handle)}>
          <Handle id={handleId(handle)} type="source" position={Position.Right} className={`handle-${handleId(handle)}`} style={{ top: `${((i + 1) * 100) / (outputs.length + 1)}%` }} />
          {handle ? (
            <span className="handle-label" style={{ top: `calc(${((i + 1) * 100) / (outputs.length + 1)}% - 8px)` }}>
              {handle}
            </span>
          ) : null}
        </div>
      ))}
    </div>
  );
});
