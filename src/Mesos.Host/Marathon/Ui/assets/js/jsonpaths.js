// Where each field of a JSON text is, by the paths Marathon's 422 details name (/cpus, /container/docker/image,
// /portDefinitions(0)/port), so that the editor can show each error next to its field.

/** Line (from 0) of every path of a JSON text that JSON.parse accepts: a field's key line, an element's first line. */
export function linesOfPaths(text) {
  const lines = new Map();
  let i = 0;
  let line = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = () => {
    const start = i;
    for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = path => {
    space();
    if (!lines.has(path)) lines.set(path, line);
    if (text[i] === '{') {
      i++;
      space();
      while (text[i] !== '}') {
        space();
        const at = line;
        const key = `${path}/${string()}`;
        lines.set(key, at);
        space();
        i++; // the colon
        value(key);
        space();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (text[i] === '[') {
      i++;
      space();
      for (let n = 0; text[i] !== ']'; n++) {
        value(`${path}(${n})`);
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (text[i] === '"') {
      string();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    }
  };
  value('');
  return lines;
}

/** The line of a detail's path: its own, else its nearest ancestor's (a missing field is shown at its object). */
export function lineOf(lines, path) {
  let p = path === '/' ? '' : path;
  while (!lines.has(p) && p !== '') p = /\(\d+\)$/.test(p) ? p.replace(/\(\d+\)$/, '') : p.replace(/\/[^/]*$/, '');
  return lines.get(p) ?? 0;
}
