import { h } from './dom.js';

// A table that holds any number of rows but puts in the page only those in view (plus a few), so that
// 100,000 tasks scroll as smoothly as ten. Rows have one height; the body is a spacer of the full
// height. One tab stop: arrow keys, Page Up/Down, Home and End move through rows, Enter opens one.

const narrow = window.matchMedia('(max-width: 640px)');
const OVERSCAN = 6;

export class VirtualTable {
  /**
   * columns: [{ title, width ('2fr', 'minmax(8em,1fr)'), render(row) → string|Node, sort(row) → value,
   *             optional (dropped on narrow screens) }]
   * href(row): where Enter (or a click on the row) leads.
   */
  constructor({ columns, label, href, empty = 'None', sortBy, rowHeight = 32 }) {
    this.allColumns = columns;
    this.href = href;
    this.empty = empty;
    this.rowHeight = rowHeight;
    this.rows = [];
    this.view = [];
    this.active = -1;
    this.sort = sortBy ? { ...sortBy } : null;
    this.pool = [];
    this.rendered = { first: -1, last: -1, version: -1 };
    this.version = 0;

    this.head = h('div', { class: 'vt-head', role: 'row' });
    this.spacer = h('div', { class: 'vt-spacer', role: 'rowgroup' });
    this.emptyNote = h('div', { class: 'vt-empty', hidden: true }, empty);
    this.scroller = h('div', { class: 'vt-scroll' }, this.head, this.spacer, this.emptyNote);
    this.foot = h('div', { class: 'vt-foot', 'aria-live': 'polite' });
    this.element = h('div', { class: 'vtable', role: 'grid', tabindex: '0', 'aria-label': label }, this.scroller, this.foot);

    this.scroller.addEventListener('scroll', () => this.paint());
    this.element.addEventListener('keydown', e => this.key(e));
    this.spacer.addEventListener('click', e => this.click(e));
    this.onMedia = () => this.layout();
    narrow.addEventListener('change', this.onMedia);
    this.resize = new ResizeObserver(() => this.paint());
    this.resize.observe(this.scroller);
    this.layout();
  }

  destroy() {
    narrow.removeEventListener('change', this.onMedia);
    this.resize.disconnect();
  }

  layout() {
    this.columns = this.allColumns.filter(c => !(c.optional && narrow.matches));
    this.element.style.setProperty('--cols', this.columns.map(c => c.width || '1fr').join(' '));
    this.element.style.setProperty('--row', `${this.rowHeight}px`);
    this.head.replaceChildren(...this.columns.map(c => {
      const sorted = this.sort && this.sort.column === c.title;
      const cell = h('div', { role: 'columnheader', 'aria-sort': sorted ? (this.sort.desc ? 'descending' : 'ascending') : null });
      if (c.sort) {
        cell.append(h('button', { type: 'button', tabindex: '-1', onclick: () => this.sortOn(c) },
          c.title, sorted ? (this.sort.desc ? ' ▼' : ' ▲') : ''));
      } else {
        cell.append(c.title);
      }
      return cell;
    }));
    for (const row of this.pool) row.remove();
    this.pool = [];
    this.rendered.version = -1;
    this.paint();
  }

  sortOn(column) {
    this.sort = this.sort && this.sort.column === column.title ? { column: column.title, desc: !this.sort.desc } : { column: column.title, desc: false };
    this.setRows(this.rows);
    this.layout();
  }

  /** Shows these rows (already filtered); sorting is the table's. */
  setRows(rows) {
    this.rows = rows;
    const column = this.sort && this.allColumns.find(c => c.title === this.sort.column);
    if (column && column.sort) {
      const key = column.sort;
      const dir = this.sort.desc ? -1 : 1;
      this.view = rows.map(r => [key(r), r]).sort((a, b) => (a[0] < b[0] ? -dir : a[0] > b[0] ? dir : 0)).map(p => p[1]);
    } else {
      this.view = rows;
    }
    if (this.active >= this.view.length) this.active = this.view.length - 1;
    this.version++;
    this.element.setAttribute('aria-rowcount', String(this.view.length + 1));
    this.spacer.style.height = `${this.view.length * this.rowHeight}px`;
    this.emptyNote.hidden = this.view.length > 0;
    this.foot.textContent = `${this.view.length.toLocaleString('en')} ${this.view.length === 1 ? 'row' : 'rows'}`;
    this.paint();
  }

  paint() {
    const height = this.scroller.clientHeight || 600;
    const top = Math.max(0, this.scroller.scrollTop - this.head.offsetHeight);
    const first = Math.max(0, Math.floor(top / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.view.length, Math.ceil((top + height) / this.rowHeight) + OVERSCAN);
    const r = this.rendered;
    if (r.first === first && r.last === last && r.version === this.version) return;
    this.rendered = { first, last, version: this.version };
    const count = last - first;
    while (this.pool.length < count) {
      const row = h('div', { class: 'vt-row', role: 'row' }, this.columns.map(() => h('div', { role: 'gridcell' })));
      this.spacer.append(row);
      this.pool.push(row);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const row = this.pool[i];
      if (i >= count) {
        row.hidden = true;
        continue;
      }
      const index = first + i;
      const data = this.view[index];
      row.hidden = false;
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      row.setAttribute('aria-rowindex', String(index + 2));
      row.dataset.index = String(index);
      row.classList.toggle('active', index === this.active);
      row.id = index === this.active ? `${this.idBase()}-active` : '';
      const cells = row.children;
      for (let c = 0; c < this.columns.length; c++) {
        const value = this.columns[c].render(data);
        const cell = cells[c];
        if (value instanceof Node) {
          if (value instanceof HTMLAnchorElement) value.tabIndex = -1;
          cell.replaceChildren(value);
          cell.title = value.textContent;
        } else {
          const text = value === undefined || value === null ? '' : String(value);
          if (cell.firstChild && cell.firstChild.nodeType === Node.TEXT_NODE && cell.childNodes.length === 1) {
            if (cell.firstChild.data !== text) cell.firstChild.data = text;
          } else {
            cell.textContent = text;
          }
          cell.title = text;
        }
      }
    }
    if (this.active >= 0) this.element.setAttribute('aria-activedescendant', `${this.idBase()}-active`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  idBase() {
    if (!this.element.id) this.element.id = `vt${Math.random().toString(36).slice(2, 9)}`;
    return this.element.id;
  }

  key(e) {
    if (e.target !== this.element) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.rowHeight) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (e.key in moves) {
      e.preventDefault();
      if (this.view.length === 0) return;
      const next = Math.min(this.view.length - 1, Math.max(0, (this.active < 0 ? -1 : this.active) + moves[e.key]));
      this.moveTo(next);
    } else if (e.key === 'Enter' && this.active >= 0 && this.href) {
      e.preventDefault();
      location.hash = this.href(this.view[this.active]);
    }
  }

  moveTo(index) {
    this.active = index;
    const top = index * this.rowHeight;
    const viewTop = this.scroller.scrollTop;
    const viewHeight = this.scroller.clientHeight - this.head.offsetHeight;
    if (top < viewTop) this.scroller.scrollTop = top;
    else if (top + this.rowHeight > viewTop + viewHeight) this.scroller.scrollTop = top + this.rowHeight - viewHeight;
    this.version++;
    this.paint();
  }

  click(e) {
    if (e.target.closest('a')) return;
    const row = e.target.closest('.vt-row');
    if (!row || !this.href) return;
    location.hash = this.href(this.view[Number(row.dataset.index)]);
  }
}
