// Building DOM nodes. Text always goes in as text nodes, never as HTML, so no value from the cluster
// (a task's name, a status message) can inject markup.

/** h('a', {href: '#/x', class: 'y'}, 'text', child...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
      else if (name === 'style' && typeof value === 'object') Object.assign(el.style, value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces the children of an element. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A definition list of [label, value] pairs; values may be nodes. */
export function facts(pairs) {
  const dl = h('dl', { class: 'facts' });
  for (const [label, value] of pairs) {
    if (value === undefined) continue;
    dl.append(h('dt', null, label), h('dd', null, value === null || value === '' ? '—' : value));
  }
  return dl;
}

export function link(href, text, attrs) {
  return h('a', { href, ...attrs }, text);
}

export function panel(title, ...children) {
  return h('section', { class: 'panel', 'aria-label': title }, h('h2', null, title), ...children);
}

/** A small table for short lists (a task's statuses, a role's frameworks); long lists use VirtualTable. */
export function table(headers, rows, caption) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'plain' },
      caption ? h('caption', { class: 'muted', style: { textAlign: 'left', padding: '4px 8px' } }, caption) : null,
      h('thead', null, h('tr', null, headers.map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.length === 0
        ? h('tr', null, h('td', { colspan: headers.length, class: 'muted' }, 'None'))
        : rows.map(r => h('tr', null, r.map(c => h('td', null, c)))))));
}
