// The graph data (graphology), kept in step with the live stream. Views never change it;
// they read it through reducers.
import Graph from 'graphology';

export const TYPE_COLORS = {
  person: '#d1495b', paper: '#00798c', talk: '#edae49', concept: '#66a182', book: '#2e4057',
  podcast: '#8d6a9f', article: '#4f6d7a', event: '#c08552', organization: '#6c584c', video: '#e07a5f',
  question: '#3d405b', website: '#81b29a', tool: '#9c6644', newsletter: '#7f5539', blog: '#457b9d', course: '#a8dadc',
  report: '#5f7a3a', thesis: '#7a5f8a', postmortem: '#b5523b',
};

// Shape by kind: people and groups are circles, works and everything else squares.
const CIRCLES = new Set(['person', 'organization', 'event', 'concept']);
export const shapeOf = (kind) => (CIRCLES.has(kind) ? 'circle' : 'square');

export function createModel() {
  const graph = new Graph({ multi: true, type: 'directed', allowSelfLoops: false });
  let lastSeq = 0;

  // Size by degree, scaled down as the graph grows: a few thousand full-size nodes would cover
  // each other (and cost the renderer every covered pixel) at the zoom that shows them all.
  let scale = 1;
  const rescale = () => { scale = Math.min(1, Math.max(0.35, Math.sqrt(1000 / Math.max(1, graph.order)))); };
  function sizeFor(id) { return scale * (3 + Math.min(12, Math.sqrt(graph.degree(id)) * 2)); }
  function upsertNode(n) {
    const attrs = {
      label: n.title, slug: n.slug, kind: n.type, year: n.year ?? null, date: n.date || '', tags: n.tags || [],
      color: TYPE_COLORS[n.type] || '#888', type: shapeOf(n.type),
    };
    if (graph.hasNode(n.id)) graph.mergeNodeAttributes(n.id, attrs);
    else graph.addNode(n.id, { ...attrs, x: Math.random() * 100, y: Math.random() * 100, size: 3 * scale });
  }
  function addEdge(e) {
    if (!graph.hasNode(e.from) || !graph.hasNode(e.to) || graph.hasEdge(e.id)) return;
    graph.addEdgeWithKey(e.id, e.from, e.to, { kind: e.type, size: 1, color: '#c8c4bb' });
    graph.setNodeAttribute(e.from, 'size', sizeFor(e.from));
    graph.setNodeAttribute(e.to, 'size', sizeFor(e.to));
  }

  return {
    graph,
    get lastSeq() { return lastSeq; },
    load(data) {
      graph.clear();
      data.nodes.forEach(upsertNode);
      data.edges.forEach(addEdge);
      rescale();
      graph.forEachNode((id) => graph.setNodeAttribute(id, 'size', sizeFor(id)));
      lastSeq = data.last_seq;
    },
    // Applies one change-log entry; returns the node ids it touched.
    apply(change) {
      lastSeq = Math.max(lastSeq, change.seq);
      const d = change.data || {};
      switch (change.kind) {
        case 'node.created': case 'node.updated': case 'node.reverted':
          upsertNode(d); return [d.id];
        case 'node.deleted':
          if (graph.hasNode(change.id)) graph.dropNode(change.id);
          return [];
        case 'edge.created': case 'edge.reverted': addEdge(d); return [d.from, d.to];
        case 'edge.deleted':
          if (graph.hasEdge(change.id)) graph.dropEdge(change.id);
          return [d.from, d.to].filter((id) => graph.hasNode(id));
        default: return [];
      }
    },
    bySlug(slug) { return graph.findNode((id, a) => a.slug === slug); },
  };
}
