// On a phone the details panel is a bottom sheet: its handle pulls it up to most of the screen
// and back (a tap toggles, a drag sets the height), and opening a node brings it up halfway.
// The filters fold away behind a button. On a wider screen none of this shows (style.css).
export function wireBottomSheet({ sheet, handle, sidebar, filtersButton }) {
  const setExpanded = (on) => {
    sheet.classList.toggle('expanded', on);
    sheet.style.height = '';
    handle.setAttribute('aria-expanded', String(on));
  };
  let drag = null;
  let dragged = false;  // the click that ends a drag is no tap
  handle.addEventListener('pointerdown', (e) => { drag = { y: e.clientY, moved: false }; handle.setPointerCapture(e.pointerId); });
  handle.addEventListener('pointermove', (e) => {
    if (!drag || Math.abs(e.clientY - drag.y) < 6) return;
    drag.moved = true;
    const height = Math.min(0.92, Math.max(0.2, (window.innerHeight - e.clientY) / window.innerHeight));
    sheet.style.height = `${Math.round(height * 100)}vh`;
  });
  handle.addEventListener('pointerup', (e) => {
    dragged = Boolean(drag?.moved);
    if (dragged) {
      const high = (window.innerHeight - e.clientY) / window.innerHeight > 0.6;
      setExpanded(high);
    }
    drag = null;
  });
  handle.addEventListener('click', () => {
    if (dragged) { dragged = false; return; }
    setExpanded(!sheet.classList.contains('expanded'));
  });
  filtersButton.addEventListener('click', () => {
    const open = sidebar.classList.toggle('open');
    filtersButton.setAttribute('aria-expanded', String(open));
  });
  return { collapse() { setExpanded(false); } };
}
