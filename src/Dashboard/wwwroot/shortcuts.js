// Keyboard shortcuts on any page that offers them: "/" focuses the page's search box, space pauses and resumes.
// Neither fires while typing in a field, and both leave modified keys (Ctrl, Alt, Meta) to the browser.
document.addEventListener('keydown', event => {
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  const target = event.target;
  const typing = target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  if (typing) return;
  if (event.key === '/') {
    const box = document.querySelector('[data-shortcut-focus] input, input[data-shortcut-focus]');
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  } else if (event.key === ' ' && !(target instanceof HTMLButtonElement)) {
    const pause = document.querySelector('[data-shortcut-pause]');
    if (pause) { event.preventDefault(); pause.click(); }
  }
});
