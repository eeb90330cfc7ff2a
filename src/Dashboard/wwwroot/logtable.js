// Tells a live log table when its reader scrolls away from the newest rows and back, so that the table can hold new
// rows meanwhile instead of moving them under the reader. The newest rows are at scrollTop 0 either way: at the top,
// or at the bottom in follow mode, where the scroll box is laid out bottom-up (column-reverse).
window.sawmillLogTable = {
  scroller: box => box.querySelector('.mud-table-container'),
  watch(box, table) {
    const scroller = this.scroller(box);
    if (!scroller) return;
    let away = false;
    scroller.addEventListener('scroll', () => {
      const now = Math.abs(scroller.scrollTop) > 8;
      if (now === away) return;
      away = now;
      table.invokeMethodAsync('AwayChanged', away).catch(() => { /* the circuit is gone */ });
    }, { passive: true });
  },
  toNewest(box) {
    const scroller = this.scroller(box);
    if (scroller) scroller.scrollTop = 0;
  },
};
