// ForceAtlas2 off the main thread, on flat matrices: iterates without pause and posts the
// positions only now and then (after `firstMs`, then every `everyMs`) until `forMs` has passed.
// graphology's own worker hands positions back after every iteration, which costs the page a
// write to every node each time; here the page hears from the layout a few times in all.
import iterate from 'graphology-layout-forceatlas2/iterate.js';

self.onmessage = ({ data }) => {
  const nodes = new Float32Array(data.nodes);
  const edges = new Float32Array(data.edges);
  const start = performance.now();
  let next = start + data.firstMs;
  while (performance.now() - start < data.forMs) {
    iterate(data.settings, nodes, edges);
    if (performance.now() >= next) {
      self.postMessage({ nodes: nodes.slice().buffer, done: false });
      next = performance.now() + data.everyMs;
    }
  }
  self.postMessage({ nodes: nodes.buffer, done: true }, [nodes.buffer]);
};
