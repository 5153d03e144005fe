// Building DOM nodes. Values from the API (ids, commands, messages) always go in as text, never as HTML.

/** h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  return fill(el, ...children);
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function button(label, className, action, attrs) {
  return h('button', { type: 'button', class: className, onclick: action, ...attrs }, label);
}

/** A table whose rows are keyed by data-key, so that tests and users find a row by what it is. */
export function table(className, headers, rows, empty) {
  return h('table', { class: className },
    h('thead', null, h('tr', null, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.length === 0 ? h('tr', null, h('td', { colspan: headers.length, class: 'muted' }, empty)) : rows));
}

/** A definition list of [label, value] pairs; values may be nodes. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([label, value]) => [h('dt', null, label), h('dd', null, value === null || value === undefined || value === '' ? '—' : value)]));
}

/** An ISO time as the browser's local time, to the second. */
export function time(iso) {
  if (!iso) return '—';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : h('time', { datetime: iso, title: iso }, at.toLocaleString());
}
