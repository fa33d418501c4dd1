/**
 * A small well-formedness check for XHTML output (no xmllint on this machine): every tag closes in
 * order, attribute values are quoted and hold no "<", names are valid, "&" only starts a known or
 * numeric entity, and text holds no raw "<". Returns the problems found (empty when well-formed).
 */
const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*';
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;

/** The problems that make `text` not well-formed XML (a leading <!DOCTYPE html> is allowed). */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let i = 0;
  let roots = 0;
  const doctype = /^\s*<!DOCTYPE html>/i.exec(text);
  if (doctype) i = doctype[0].length;
  while (i < text.length && problems.length < 10) {
    const c = text[i];
    if (c === '<') {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) problems.push(`unclosed comment at ${i}`);
        i = end < 0 ? text.length : end + 3;
        continue;
      }
      const m = TAG.exec(text.slice(i, i + 20000));
      if (!m) {
        problems.push(`bad markup at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
        i++;
        continue;
      }
      const [whole, closing, name, attrs, selfClosing] = m;
      const attrNames = [...attrs.matchAll(new RegExp(`(${NAME})\\s*=`, 'g'))].map((a) => a[1]);
      if (new Set(attrNames).size !== attrNames.length) problems.push(`repeated attribute in <${name}> at ${i}`);
      for (const value of attrs.matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const v = value[1] ?? value[2];
        for (let k = v.indexOf('&'); k >= 0; k = v.indexOf('&', k + 1)) if (!ENTITY.test(v.slice(k))) problems.push(`bad entity in attribute of <${name}> at ${i}`);
      }
      if (closing) {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${i}`);
      } else if (!selfClosing) {
        if (stack.length === 0) roots++;
        stack.push(name);
      } else if (stack.length === 0) roots++;
      i += whole.length;
      continue;
    }
    if (c === '&' && !ENTITY.test(text.slice(i, i + 12))) problems.push(`bad entity at ${i}: ${JSON.stringify(text.slice(i, i + 12))}`);
    if (stack.length === 0 && !/\s/.test(c)) problems.push(`text outside the root element at ${i}`);
    i++;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
