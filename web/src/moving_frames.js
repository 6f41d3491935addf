// What the graph's frames leave out while the camera moves (a drag, a wheel zoom, an animated
// focus), so panning and zooming a big graph cost the GPU little more than drawing its nodes.
//
// Sigma draws every node twice a frame: on screen, and into an offscreen picking buffer that it
// reads to find the node under the cursor. Nothing is picked while the camera moves (the view
// skips picking during drags, and a hover found mid-zoom would be stale a frame later), so moving
// frames skip the second pass; the frame that ends the move draws it again.
//
// With hideEdgesOnMove and hideLabelsOnMove sigma also leaves every layer but the nodes' empty
// while it moves, yet the compositor still blends each of them over the page every frame. The
// container gets the class "moving" then, and the stylesheet hides those layers.
//
// "Moving" is sigma 3.0's own test in Sigma.render; the fields it reads are sigma internals, and
// if they move the frames are simply drawn whole, as before.

const moving = new WeakSet();  // renderers whose current frame is a moving one

// A node program class that draws its picking pass only when the camera is at rest.
export function pickedAtRest(Program) {
  return class extends Program {
    render(params) {
      if (!moving.has(this.renderer) || !this.pickProgram) return super.render(params);
      const pick = this.pickProgram;
      this.pickProgram = null;
      try {
        super.render(params);
      } finally {
        this.pickProgram = pick;
      }
    }
  };
}

// Decides, before each frame, whether it is a moving one.
export function followMotion(renderer, container) {
  const camera = renderer.getCamera();
  const captor = renderer.getMouseCaptor();
  const layersEmptyWhenMoving = renderer.getSetting('hideEdgesOnMove') && renderer.getSetting('hideLabelsOnMove');
  renderer.on('beforeRender', () => {
    const now = Boolean(camera.isAnimated() || captor.isMoving || captor.draggedEvents || captor.currentWheelDirection);
    if (now) moving.add(renderer);
    else moving.delete(renderer);
    if (layersEmptyWhenMoving) container.classList.toggle('moving', now);
  });
}
