// The patterns of `trouve build --glob` and `--exclude`, for addDirectory:
// matched against a path relative to the folder, `/` between its names.
// `*`, `?` and `[…]` stay within one name, `**` as a whole name spans
// folders (none included), `{a,b}` is either, `\` escapes; case counts; a
// leading `./` or `/` is dropped.

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function literal(text) {
  return text.replace(SPECIAL, '\\$&');
}

/** A RegExp for `pattern`, or a TypeError naming `option` and what is wrong. */
export function compileGlob(pattern, option) {
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/^\/+/, '');
  const fail = (what) => new TypeError(`${option} \`${pattern}\`: ${what}`);
  let source = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const wholeName = (i === 0 || p[i - 1] === '/') && (i + 2 === p.length || p[i + 2] === '/');
        if (wholeName && i + 2 === p.length) {
          source += '.*';
        } else if (wholeName) {
          source += '(?:[^/]*/)*';
          i += 1; // the '/' after it
        } else {
          source += '[^/]*';
        }
        i += 1;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '[') {
      let j = i + 1;
      let negated = false;
      if (p[j] === '!' || p[j] === '^') {
        negated = true;
        j += 1;
      }
      const first = j;
      // A `]` first in the class is one of its characters.
      if (p[j] === ']') j += 1;
      while (j < p.length && p[j] !== ']') j += 1;
      if (j >= p.length) throw fail('unclosed character class; missing ]');
      const members = p
        .slice(first, j)
        .split('')
        .map((m) => (m === '-' ? '-' : literal(m)))
        .join('');
      source += negated ? `[^/${members}]` : `(?!/)[${members}]`;
      i = j;
    } else if (c === '{') {
      if (braces > 0) throw fail('nested alternate groups are not allowed');
      braces += 1;
      source += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      source += ')';
    } else if (c === ',' && braces > 0) {
      source += '|';
    } else if (c === '\\') {
      if (i + 1 >= p.length) throw fail('dangling escape \\');
      i += 1;
      source += literal(p[i]);
    } else {
      source += literal(c);
    }
  }
  if (braces > 0) throw fail('unclosed alternate group; missing }');
  try {
    return new RegExp(`^${source}$`, 'u');
  } catch (error) {
    throw fail(error.message);
  }
}
