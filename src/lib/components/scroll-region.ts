/**
 * A Svelte attachment for a table's wrapper (`.spo-table-wrap`, which scrolls sideways on its own
 * so the page never does: WCAG 1.4.10 reflow). While the table is wider than the wrapper, the
 * wrapper is a labelled region in the tab order, so keyboard users can scroll it too (2.1.1);
 * otherwise it is a plain div, no extra tab stop. Checked again whenever the wrapper or the table
 * changes size (a window resized, a "Show the data" opened).
 */
export function scrollRegion(label: string) {
  return (el: HTMLElement) => {
    const update = () => {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label);
        el.setAttribute('tabindex', '0');
      } else {
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
        el.removeAttribute('tabindex');
      }
    };
    const observer = new ResizeObserver(update);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    update();
    return () => observer.disconnect();
  };
}
