import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlow, ReactFlowProvider, Background, Controls, MiniMap, applyEdgeChanges, applyNodeChanges, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './builder.css';
import { api, ApiProblem } from '../api.js';
import { diff, edge, fromDocument, layout, localProblems, newNode, serverProblems, templateSuggestions, toDocument } from './model.js';
import { Overlay, StepNode } from './StepNode.jsx';
import { Palette } from './Palette.jsx';
import { Properties } from './Properties.jsx';
import { RunPanel } from './RunPanel.jsx';

const NODE_TYPES = { step: StepNode };
const HISTORY_LIMIT = 100;
const CHECK_DELAY_MS = 700;
// Fitting a small graph never magnifies it: dropped nodes land where the pointer is, at 100 %.
const FIT = { maxZoom: 1, padding: 0.1 };

export function Builder(props) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ workflowId, version, navigate }) {
  const flow = useReactFlow();
  const [meta, setMeta] = useState({ id: workflowId ?? '', name: '' });
  const [nodes, setNodes] = useState([]);
  const [edges, setEdges] = useState([]);
  const [selected, setSelected] = useState(null);
  const [functions, setFunctions] = useState(new Map());
  const [connections, setConnections] = useState([]);
  const [saved, setSaved] = useState(null);
  const [versions, setVersions] = useState([]);
  const [server, setServer] = useState(new Map());
  const [message, setMessage] = useState(null);
  const [states, setStates] = useState(new Map());
  const [showDiff, setShowDiff] = useState(false);
  const past = useRef([]);
  const future = useRef([]);
  const current = useRef({ nodes, edges });
  current.current = { nodes, edges };
  const lastEdit = useRef(null);

  /** Remembers the graph before a change, so Undo can bring it back. */
  const remember = useCallback((key) => {
    if (key && lastEdit.current === key) return; // typing in one field is one step
    lastEdit.current = key ?? null;
    past.current = [...past.current.slice(-HISTORY_LIMIT), current.current];
    future.current = [];
  }, []);
  const restore = (from, to) => {
    const snapshot = from.current.pop();
    if (!snapshot) return;
    to.current.push(current.current);
    lastEdit.current = null;
    setNodes(snapshot.nodes);
    setEdges(snapshot.edges);
  };
  const undo = () => restore(past, future);
  const redo = () => restore(future, past);

  useEffect(() => {
    loadAll('/functions', 200).then((items) => setFunctions(new Map(items.map((f) => [f.slug, f])))).catch((e) => setMessage(describe(e)));
    loadAll('/connections', 100)
      .then(setConnections)
      .catch(() => setConnections([]));
  }, []);

  const open = useCallback(
    async (id, v) => {
      try {
        const list = await api(`/workflow-definitions/${encodeURIComponent(id)}/versions`);
        setVersions(list);
        const chosen = v ?? list[0]?.version;
        const details = await api(`/workflow-definitions/${encodeURIComponent(id)}/versions/${chosen}`);
        const model = fromDocument(details.document);
        setMeta({ ...model.meta, savedVersion: chosen });
        setNodes(model.nodes);
        setEdges(model.edges);
        setSaved(details.document);
        setServer(new Map());
        past.current = [];
        future.current = [];
        setMessage(null);
        requestAnimationFrame(() => flow.fitView(FIT));
      } catch (e) {
        setMessage(describe(e));
      }
    },
    [flow],
  );

  useEffect(() => {
    if (workflowId) open(workflowId, version);
  }, [workflowId, version, open]);

  // Moving or measuring nodes changes the nodes array but not what the checks read: keep the
  // checks (and so every node's overlay) unchanged then, or each drag re-renders all nodes.
  const checked = useStable(nodes.flatMap((n) => [n.id, n.data]));
  const problems = useMemo(() => {
    const local = localProblems(nodesOf(checked), edges, functions);
    const merged = new Map(local);
    for (const [id, list] of server) if (id !== null) merged.set(id, [...(merged.get(id) ?? []), ...list]);
    return merged;
  }, [checked, edges, functions, server]);

  const onNodesChange = useCallback(
    (changes) => {
      if (changes.some((c) => c.type === 'remove')) remember();
      setNodes((ns) => applyNodeChanges(changes, ns));
    },
    [remember],
  );
  const onEdgesChange = useCallback(
    (changes) => {
      if (changes.some((c) => c.type === 'remove')) remember();
      setEdges((es) => applyEdgeChanges(changes, es));
    },
    [remember],
  );
  const onConnect = useCallback(
    (connection) => {
      remember();
      setEdges((es) => [...es, edge(connection.source, connection.target, connection.sourceHandle, connection.targetHandle)]);
    },
    [remember],
  );

  const add = (item, position) => {
    remember();
    setNodes((ns) => {
      const at = position ?? { x: 80 + (ns.length % 5) * 220, y: 80 + Math.floor(ns.length / 5) * 110 };
      const node = newNode(item.kind, at, ns, item.fn);
      setSelected(node.id);
      return [...ns, node];
    });
  };

  const onDrop = (event) => {
    event.preventDefault();
    const raw = event.dataTransfer.getData('application/x-flowmesh-node');
    if (!raw) return;
    const { kind, slug } = JSON.parse(raw);
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    add({ kind, fn: slug ? functions.get(slug) : undefined }, position);
  };

  const updateNode = (id, change, key) => {
    remember(key ? `${id}:${key}` : undefined);
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: change(n.data) } : n)));
    if (key) setServer((s) => withoutField(s, id, key));
  };

  const autoLayout = () => {
    remember();
    setNodes((ns) => layout(ns, edges));
    requestAnimationFrame(() => flow.fitView(FIT));
  };

  const save = async () => {
    const document = toDocument(meta, nodes, edges);
    try {
      const result = await api('/workflow-definitions', { method: 'POST', body: document });
      setServer(new Map());
      setSaved(JSON.parse(JSON.stringify(document)));
      setMeta((m) => ({ ...m, savedVersion: result.version }));
      setVersions(await api(`/workflow-definitions/${encodeURIComponent(result.id)}/versions`));
      setMessage({ kind: 'ok', text: `Saved as version ${result.version}.` });
      history.replaceState(null, '', `/console/builder/${encodeURIComponent(result.id)}?version=${result.version}`);
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 400) {
        const byNode = serverProblems(e.problem, document);
        setServer(byNode);
        const general = [...(byNode.get(null) ?? [])].map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
        setMessage({ kind: 'error', text: `Not saved: ${e.message}`, list: [...general, ...[...byNode].filter(([id]) => id !== null).flatMap(([id, list]) => list.map((p) => `${id}${p.field ? `.${p.field}` : ''}: ${p.message}`))] });
      } else setMessage(describe(e));
    }
  };

  const exportJson = () => {
    const blob = new Blob([JSON.stringify(toDocument(meta, nodes, edges), null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${meta.id || 'workflow'}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const importJson = async (file) => {
    try {
      const model = fromDocument(JSON.parse(await file.text()));
      remember();
      setMeta({ ...model.meta, savedVersion: undefined });
      setNodes(model.nodes);
      setEdges(model.edges);
      setServer(new Map());
      setMessage({ kind: 'ok', text: `Imported ${file.name}: ${model.nodes.length} nodes.` });
      requestAnimationFrame(() => flow.fitView(FIT));
    } catch (e) {
      setMessage({ kind: 'error', text: `${file.name} is not a workflow definition: ${e.message}` });
    }
  };

  const onKeyDown = (event) => {
    if (event.target.closest('input, textarea, select')) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'z' && !event.shiftKey) {
      event.preventDefault();
      undo();
    } else if (mod && (event.key.toLowerCase() === 'y' || (event.key.toLowerCase() === 'z' && event.shiftKey))) {
      event.preventDefault();
      redo();
    }
  };

  const document_ = useMemo(() => toDocument(meta, nodes, edges), [meta, nodes, edges]);
  const changes = useMemo(() => (showDiff ? diff(saved, document_) : []), [showDiff, saved, document_]);

  // The server checks the document a moment after each change that is more than a move (POST
  // …/validation saves nothing), so its problems show while editing, not only on save.
  const checkedDocument = useMemo(() => JSON.stringify({ ...document_, nodes: document_.nodes.map(({ position, ...n }) => n) }), [document_]);
  const [check, setCheck] = useState(null);
  const checkSequence = useRef(0);
  useEffect(() => {
    if (!meta.id || !nodes.length) return undefined;
    const sequence = ++checkSequence.current;
    const sent = JSON.parse(checkedDocument);
    const timer = setTimeout(async () => {
      let found = new Map();
      try {
        await api('/workflow-definitions/validation', { method: 'POST', body: sent });
      } catch (e) {
        if (!(e instanceof ApiProblem) || e.status !== 400) return;
        found = serverProblems(e.problem, sent);
      }
      if (sequence !== checkSequence.current) return; // a newer check is on its way
      setServer(found);
      setCheck([...found.values()].flat().length);
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [checkedDocument]);
  const dirty = useMemo(() => !saved || meta.savedVersion === undefined || diff(saved, document_).length > 0, [saved, meta.savedVersion, document_]);
  const selectedNode = nodes.find((n) => n.id === selected);
  const overlay = useMemo(() => ({ problems, states, functions }), [problems, states, functions]);

  return (
    <div className="builder" onKeyDown={onKeyDown}>
      <div className="builder-toolbar" role="toolbar" aria-label="Workflow">
        <label htmlFor="builder-id">Workflow id</label>
        <input id="builder-id" value={meta.id} onChange={(e) => setMeta((m) => ({ ...m, id: e.target.value }))} required />
        <label htmlFor="builder-name">Name</label>
        <input id="builder-name" value={meta.name ?? ''} onChange={(e) => setMeta((m) => ({ ...m, name: e.target.value }))} />
        {versions.length ? (
          <>
            <label htmlFor="builder-version">Version</label>
            <select id="builder-version" value={meta.savedVersion ?? ''} onChange={(e) => navigate(`/builder/${encodeURIComponent(meta.id)}?version=${e.target.value}`)}>
              {meta.savedVersion === undefined ? <option value="">unsaved</option> : null}
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="button" id="builder-save" onClick={save} disabled={!meta.id || !nodes.length}>
          Save
        </button>
        <button type="button" className="secondary" onClick={undo}>
          Undo
        </button>
        <button type="button" className="secondary" onClick={redo}>
          Redo
        </button>
        <button type="button" className="secondary" onClick={autoLayout}>
          Auto-layout
        </button>
        <button type="button" className="secondary" onClick={() => setShowDiff((d) => !d)} aria-pressed={showDiff}>
          Diff
        </button>
        <button type="button" className="secondary" onClick={exportJson}>
          Export JSON
        </button>
        <label className="button secondary file-button">
          Import JSON
          <input type="file" accept="application/json,.json" className="visually-hidden" onChange={(e) => e.target.files[0] && importJson(e.target.files[0])} />
        </label>
      </div>
      <p className="muted" id="builder-check" data-problems={check ?? undefined}>
        {check === null ? 'Not checked by the server yet.' : check === 0 ? 'The server finds no problem.' : `The server finds ${check} problem${check === 1 ? '' : 's'}.`}
      </p>
      <div role="status" aria-live="polite" className="builder-message" id="builder-message" data-kind={message?.kind}>
        {message ? (
          <>
            <p>{message.text}</p>
            {message.list?.length ? (
              <ul>
                {message.list.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      {showDiff ? (
        <section className="builder-diff" aria-label="Changes against the saved version">
          <h2>Against {saved ? `v${meta.savedVersion ?? '?'}` : 'nothing saved'}</h2>
          {changes.length ? (
            <ul>
              {changes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p>No changes.</p>
          )}
        </section>
      ) : null}
      <div className="builder-body">
        <Palette functions={functions} onAdd={add} />
        <div className="builder-canvas" onDrop={onDrop} onDragOver={(e) => e.preventDefault()} aria-label="Canvas" role="region">
          <Overlay.Provider value={overlay}>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onNodeDragStart={() => remember()}
              onSelectionChange={({ nodes: chosen }) => setSelected(chosen.length === 1 ? chosen[0].id : null)}
              deleteKeyCode={['Backspace', 'Delete']}
              minZoom={0.1}
              defaultViewport={{ x: 0, y: 0, zoom: 1 }}
              colorMode="system"
            >
              <Background />
              <Controls />
              <MiniMap pannable zoomable ariaLabel="Overview" />
            </ReactFlow>
          </Overlay.Provider>
        </div>
        <aside className="builder-side" aria-label="Properties">
          {selectedNode ? (
            <Properties
              key={selectedNode.id}
              node={selectedNode}
              functions={functions}
              connections={connections}
              problems={problems.get(selectedNode.id) ?? []}
              suggestions={templateSuggestions(selectedNode.id, nodes, edges, functions)}
              onChange={(change, key) => updateNode(selectedNode.id, change, key)}
            />
          ) : (
            <p className="muted">Select a node to edit it, or drag one from the palette.</p>
          )}
          <RunPanel meta={meta} dirty={dirty} document={saved} onStates={setStates} />
        </aside>
      </div>
    </div>
  );
}

/** The previous array while every element is the same (by identity), so memos depending on it hold. */
function useStable(values) {
  const previous = useRef(values);
  const same = previous.current.length === values.length && values.every((v, i) => v === previous.current[i]);
  if (!same) previous.current = values;
  return previous.current;
}

/** Nodes as the checks need them (id and data) from useStable's flat [id, data, id, data, …]. */
function nodesOf(flat) {
  const nodes = [];
  for (let i = 0; i < flat.length; i += 2) nodes.push({ id: flat[i], data: flat[i + 1] });
  return nodes;
}

function withoutField(server, id, key) {
  const list = server.get(id);
  if (!list) return server;
  const next = new Map(server);
  const rest = list.filter((p) => p.field !== `config.${key}` && p.field !== key);
  if (rest.length) next.set(id, rest);
  else next.delete(id);
  return next;
}

async function loadAll(path, limit) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page.items ?? []));
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function describe(error) {
  return { kind: 'error', text: error instanceof ApiProblem ? error.describe() : String(error.message ?? error) };
}
