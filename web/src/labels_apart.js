// Labels that can be read at every zoom. Sigma chooses the labels to show from a grid of cells
// fixed in the graph (the biggest nodes of each cell), without regard to how long each label is,
// so at some zooms the labels of neighbouring cells overlap and neither can be read. Within a
// frame, a label that would cross one already drawn is left out; hovering its node still shows
// it, and zooming in gives it room. Each label is drawn on a halo of the page's background, so
// it stays legible over a dense cluster of nodes and edges.

const drawnBoxes = new WeakMap();  // renderer -> the label boxes drawn in this frame
const kGap = 2;  // pixels kept between two labels
const kHalo = 'rgba(251, 250, 247, 0.85)';  // the page's background (--bg in style.css)

// A node program class whose labels keep clear of the labels drawn before them in the frame
// (keepLabelsApart starts each frame afresh).
export function labelsApart(Program) {
  return class extends Program {
    constructor(gl, pickingBuffer, renderer) {
      super(gl, pickingBuffer, renderer);
      this.drawLabel = (context, data, settings) => {
        if (!data.label) return;
        // After the node, on its centre line, as sigma's own label drawing puts it.
        const size = settings.labelSize;
        const x = data.x + data.size + 3, y = data.y + size / 3;
        context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
        const box = { left: x, top: data.y - size, width: context.measureText(data.label).width, height: size * 1.4 };
        let boxes = drawnBoxes.get(renderer);
        if (!boxes) drawnBoxes.set(renderer, (boxes = []));  // the frame drawn as sigma starts
        if (boxes.some((b) => overlap(b, box))) return;
        boxes.push(box);
        context.lineJoin = 'round';
        context.lineWidth = 3;
        context.strokeStyle = kHalo;
        context.strokeText(data.label, x, y);
        context.fillStyle = settings.labelColor.color || '#000';
        context.fillText(data.label, x, y);
      };
    }
  };
}

// Starts each frame with no labels drawn, and says after it where the labels went: the
// container's data-labels holds their boxes, [left, top, width, height] in CSS pixels of the
// graph, for the page's tests.
export function keepLabelsApart(renderer, container) {
  let said = '';
  renderer.on('beforeRender', () => drawnBoxes.set(renderer, []));
  renderer.on('afterRender', () => {
    const boxes = drawnBoxes.get(renderer);
    const text = JSON.stringify(boxes.map((b) => [b.left, b.top, b.width, b.height].map(Math.round)));
    if (text !== said) container.dataset.labels = said = text;
  });
}

const overlap = (a, b) =>
  a.left < b.left + b.width + kGap && b.left < a.left + a.width + kGap &&
  a.top < b.top + b.height + kGap && b.top < a.top + a.height + kGap;
