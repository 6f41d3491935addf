// The WebGL view (sigma). Hover, selection, search highlights, filters, local mode and the
// trail path are reducers over one small UI state object; the graph data is never edited here.
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeLineProgram, EdgeRectangleProgram, NodeCircleProgram } from 'sigma/rendering';
import { NodeSquareProgram } from '@sigma/node-square';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import fa2Defaults from 'graphology-layout-forceatlas2/defaults.js';
import { graphToByteArrays } from 'graphology-layout-forceatlas2/helpers.js';
import { followMotion, pickedAtRest } from './moving_frames.js';
import { keepLabelsApart, labelsApart } from './labels_apart.js';

export function createView(container, model, state, onSelect, onShown = () => {}) {
  const { graph } = model;
  const settling = layout(graph, container);
  const filtering = () => state.types.size || state.yearFrom || state.yearTo || state.tag || (state.local && state.localNodes) || state.hiddenNodes.size;
  const visible = (id, a) => {
    if (state.hiddenNodes.has(id)) return false;
    if (state.types.size && !state.types.has(a.kind)) return false;
    if (state.yearFrom && (!a.year || a.year < state.yearFrom)) return false;
    if (state.yearTo && (!a.year || a.year > state.yearTo)) return false;
    if (state.tag && !(a.tags || []).includes(state.tag)) return false;
    if (state.local && state.localNodes && !state.localNodes.has(id)) return false;
    return true;
  };
  // Reducers run for every node and edge on each refresh (hover, live changes, the layout
  // worker's updates): with nothing to filter or emphasise they hand the attributes through.
  const plainNodes = () => !filtering() && !state.hovered && !state.selected && !state.highlighted.size && !state.trailPath.length && !state.flashing.size;
  const plainEdges = () => !filtering() && !state.hovered && !state.selected && !state.trailPath.length;
  const onTrail = new Set();  // the walked trail's nodes, kept by syncTrail()
  const big = graph.order > kWorkerLayoutFrom;
  const renderer = new Sigma(graph, container, {
    nodeProgramClasses: { circle: pickedAtRest(labelsApart(NodeCircleProgram)), square: pickedAtRest(labelsApart(NodeSquareProgram)) },
    // Big graphs draw edges as one-pixel lines (a third of the vertices); a trail's edges stay thick.
    edgeProgramClasses: big ? { line: EdgeLineProgram, thick: EdgeRectangleProgram, arrow: EdgeArrowProgram }
                            : { thick: EdgeRectangleProgram, arrow: EdgeArrowProgram },
    // Only the focused node's edges carry a label (their type), so only they show one.
    renderEdgeLabels: true,
    // Big graphs drop edges and labels while the camera moves, so panning and zooming keep
    // their frame rate.
    hideEdgesOnMove: big,
    hideLabelsOnMove: big,
    labelDensity: 0.6,
    labelRenderedSizeThreshold: 7,
    nodeReducer(id, a) {
      if (plainNodes()) return a;
      const out = { ...a };
      if (!visible(id, a)) return { ...out, hidden: true };
      const focus = state.hovered || state.selected;
      if (focus && id !== focus && !graph.areNeighbors(id, focus)) { out.color = '#e2dfd8'; out.label = ''; }
      else if (!focus && onTrail.size && !onTrail.has(id)) { out.color = '#e2dfd8'; out.label = ''; }
      if (state.highlighted.has(id) || id === state.trailStep) { out.highlighted = true; out.zIndex = 2; }
      else if (onTrail.has(id)) out.zIndex = 1;
      if (state.flashing.has(id)) { out.color = '#ffb703'; out.highlighted = true; }
      if (id === state.selected) out.highlighted = true;
      return out;
    },
    edgeReducer(id, a) {
      if (plainEdges()) return a;
      const [s, t] = graph.extremities(id);
      const out = { ...a };
      if (!visible(s, graph.getNodeAttributes(s)) || !visible(t, graph.getNodeAttributes(t))) return { ...out, hidden: true };
      if (a.trail) return out;
      const focus = state.hovered || state.selected;
      if (focus && s !== focus && t !== focus) out.hidden = true;
      else if (focus) Object.assign(out, { type: 'arrow', size: 2, color: '#8a8577', label: String(a.kind || '').replaceAll('_', ' ') });
      else if (onTrail.size) out.color = '#e6e3dc';
      return out;
    },
  });
  followMotion(renderer, container);
  keepLabelsApart(renderer, container);
  // Nodes passing under the cursor while the graph is dragged are not hovered: each hover
  // redraws the whole graph, which would cost the drag its frame rate.
  const captor = renderer.getMouseCaptor();
  const dragging = () => captor.isMouseDown;
  // Sigma reads a pixel back from the GPU to find the node under the cursor on each mouse
  // event, and every read makes the page wait until the GPU has drawn all that is queued. The
  // app listens for hovers and clicks only: wheel, press and release go without the read, and
  // so does mousemove during a drag (nothing is hovered then). These handlers are sigma 3.0
  // internals; if they move, nothing here changes.
  const listeners = renderer.activeListeners || {};
  for (const [event, handler] of [['wheel', listeners.handleWheel], ['mousedown', listeners.handleDown], ['mouseup', listeners.handleUp]])
    if (typeof handler === 'function') captor.removeListener(event, handler);
  const pick = listeners.handleMove;
  if (typeof pick === 'function') {
    captor.removeListener('mousemove', pick);
    captor.on('mousemove', (e) => { if (!dragging()) pick(e); });
  }
  // A drag that starts on a hovered node pans the whole graph, not that node's neighbourhood.
  captor.on('mousemovebody', () => {
    if (!dragging() || !state.hovered) return;
    state.hovered = null;
    renderer.hoveredNode = null;
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('enterNode', ({ node }) => {
    if (dragging()) return;
    state.hovered = node;
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on('leaveNode', () => {
    if (!state.hovered) return;
    state.hovered = null;
    renderer.refresh({ skipIndexation: true });
  });
  // The graph is keyboard reachable: focused, the arrow keys pan, + and - zoom, 0 shows it all.
  const camera = renderer.getCamera();
  const showCamera = () => { container.dataset.zoom = camera.ratio.toFixed(3); };
  camera.on('updated', showCamera);
  showCamera();
  container.addEventListener('keydown', (e) => {
    const step = 0.1 * camera.ratio;
    const moves = { ArrowLeft: { x: camera.x - step }, ArrowRight: { x: camera.x + step }, ArrowUp: { y: camera.y + step }, ArrowDown: { y: camera.y - step } };
    if (moves[e.key]) camera.animate(moves[e.key], { duration: 150 });
    else if (e.key === '+' || e.key === '=') camera.animatedZoom({ duration: 200 });
    else if (e.key === '-' || e.key === '_') camera.animatedUnzoom({ duration: 200 });
    else if (e.key === '0') camera.animatedReset({ duration: 200 });
    else return;
    e.preventDefault();
    e.stopPropagation();  // the trail walker's ←/→ are for when the graph is not focused
  });

  // Leaving the graph with a node hovered: sigma 3.0 says leaveNode but keeps the node as
  // hovered and draws its label box on, so it is cleared here.
  renderer.on('leaveStage', () => { renderer.hoveredNode = null; });
  renderer.on('clickNode', ({ node }) => onSelect(node));

  // How many nodes the filters and local mode leave on screen: said to the reader beside the
  // filters, and kept on the container for the page's tests.
  function countShown() {
    let shown = graph.order;
    if (filtering()) { shown = 0; graph.forEachNode((id, a) => { if (visible(id, a)) shown++; }); }
    container.dataset.nodeCount = String(graph.order);
    container.dataset.shownCount = String(shown);
    onShown(shown, graph.order);
  }
  countShown();

  // The trail being walked is drawn as a path: an edge of its own from each step to the next,
  // whether or not the graph links them (the Allspaw trail's talks meet only through Allspaw).
  // Their keys start with "trail:", which no stored edge has.
  let trailKey = '';
  let trailEdges = [];
  function syncTrail() {
    const key = state.trailPath.join(' ');
    if (key === trailKey) return;
    trailKey = key;
    for (const e of trailEdges) if (graph.hasEdge(e)) graph.dropEdge(e);
    trailEdges = [];
    onTrail.clear();
    state.trailPath.forEach((id, i) => {
      if (!graph.hasNode(id)) return;
      onTrail.add(id);
      const next = state.trailPath[i + 1];
      if (!next || next === id || !graph.hasNode(next)) return;
      const e = `trail:${i}`;
      graph.addEdgeWithKey(e, id, next, { trail: true, kind: 'trail', type: 'thick', size: 2, color: '#0b5cad' });
      trailEdges.push(e);
    });
    container.dataset.trailEdges = String(trailEdges.length);
  }

  return {
    refresh() { syncTrail(); countShown(); container.dataset.highlighted = String(state.highlighted.size); renderer.refresh(); },
    focus(id) {
      if (!graph.hasNode(id)) return;
      const pos = renderer.getNodeDisplayData(id);
      if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.4 }, { duration: 400 });
    },
    // Frames these nodes: the camera centres on them and zooms until they all fit.
    fit(ids) {
      const pts = ids.filter((id) => graph.hasNode(id)).map((id) => renderer.getNodeDisplayData(id)).filter(Boolean);
      if (!pts.length) return;
      const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const ratio = Math.min(1, Math.max(0.05, 1.25 * Math.max(x1 - x0, y1 - y0)));
      renderer.getCamera().animate({ x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio }, { duration: 400 });
    },
    showAll() { renderer.getCamera().animatedReset({ duration: 400 }); },
    // A node that arrived live: placed near a neighbour, then drawn.
    place(id) {
      const a = graph.getNodeAttributes(id);
      const n = graph.neighbors(id)[0];
      if (n) graph.mergeNodeAttributes(id, { x: graph.getNodeAttribute(n, 'x') + Math.random() * 5, y: graph.getNodeAttribute(n, 'y') + Math.random() * 5 });
      else if (a.x === undefined) graph.mergeNodeAttributes(id, { x: 0, y: 0 });
    },
    kill() { settling?.kill(); renderer.kill(); },
  };
}

// The container's data-layout says "settling" while the worker runs and "settled" after, and
// data-layout-moved how many nodes the worker moved: the page (and its tests) can tell.
function layout(graph, container) {
  if (graph.order === 0) return null;
  let i = 0;
  const n = graph.order;
  // A sunflower spiral: nodes spread evenly over a disc, so the first iterations start from
  // something graph-shaped rather than a ring.
  graph.forEachNode((id) => {
    const r = 100 * Math.sqrt((i + 0.5) / n), angle = i++ * 2.399963;
    graph.mergeNodeAttributes(id, { x: r * Math.cos(angle), y: r * Math.sin(angle) });
  });
  const settings = { ...fa2Defaults, ...forceAtlas2.inferSettings(graph), barnesHutOptimize: n > 1000 };
  // A small graph settles before its first frame. A big one gets a rough shape at once (a few
  // iterations, about 0.3 s of the main thread whatever the size: each costs ~0.1 s at 10,000
  // nodes), then settles in a web worker (layout_worker.js) whose positions arrive after 1.5 s
  // and then every five seconds: the view redraws the whole graph then, and otherwise the page
  // does no layout work, so panning and zooming keep their frame rate meanwhile.
  const big = n > kWorkerLayoutFrom;
  forceAtlas2.assign(graph, { iterations: big ? Math.max(2, Math.round(20000 / n)) : 150, settings });
  container.dataset.layout = big ? 'settling' : 'settled';
  if (!big) return null;

  // The package's own matrices (x, y, dx, dy, old dx, old dy, mass, convergence, size, fixed per
  // node, in graph order), with every edge weighing 1.
  const { nodes, edges } = graphToByteArrays(graph, () => 1);
  const index = new Map();
  graph.forEachNode((id) => index.set(id, index.size * kPerNode));
  let moved = 0;
  const bringOver = (positions) => graph.updateEachNodeAttributes((id, a) => {
    const i = index.get(id);  // nodes that arrived live since are left where they were put
    if (i === undefined) return a;
    if (positions[i] !== a.x || positions[i + 1] !== a.y) moved++;
    a.x = positions[i];
    a.y = positions[i + 1];
    return a;
  }, { attributes: ['x', 'y'] });
  // The worker's name carries its content hash; the build (web/build.mjs) fills it in.
  const worker = new Worker(LAYOUT_WORKER_URL, { type: 'module' });
  worker.onmessage = ({ data }) => {
    bringOver(new Float32Array(data.nodes));
    if (!data.done) return;
    worker.terminate();
    container.dataset.layoutMoved = String(moved);
    container.dataset.layout = 'settled';
  };
  worker.postMessage({ nodes: nodes.buffer, edges: edges.buffer, settings, firstMs: 1500, everyMs: 5000, forMs: Math.min(20000, n * 2) },
    [nodes.buffer, edges.buffer]);
  return { kill() { worker.terminate(); } };
}

const kPerNode = 10;  // numbers per node in graphology-layout-forceatlas2's matrix
const kWorkerLayoutFrom = 2000;
