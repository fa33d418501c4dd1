/** The update walker reads exactly what Yjs reads: same client ids, same verdict on damaged bytes, bounded work. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { MalformedUpdateError, UpdateTooComplexError, updateShape } from '../../server/collab/updateShape.js';
import { createRng } from '../helpers/rng.js';

const budget = { maxWork: 1_000_000, maxSections: 100_000, maxDeleteRanges: 1_000_000, maxDeleteSections: 100_000 };

/** Updates using every content type Yjs writes: text with formats, XML, maps, arrays of any, binary, embeds, subdocs, deletions. */
function variedUpdates(): Uint8Array[] {
  const rng = createRng(7);
  const out: Uint8Array[] = [];
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  docs.forEach((d) => d.on('update', (u: Uint8Array) => out.push(u)));
  for (let step = 0; step < 300; step++) {
    const doc = rng.pick(docs);
    const frag = doc.getXmlFragment('prosemirror');
    switch (rng.int(0, 9)) {
      case 0: {
        const p = new Y.XmlElement('paragraph');
        p.setAttribute('align', rng.pick(['left', 'right']));
        p.insert(0, [new Y.XmlText(rng.word())]);
        frag.insert(rng.int(0, frag.length), [p]);
        break;
      }
      case 1:
        if (frag.length) frag.delete(rng.int(0, frag.length - 1), 1);
        break;
      case 2: {
        const t = doc.getText('t');
        t.insert(rng.int(0, t.length), rng.word(), rng.chance(0.5) ? { bold: true, link: { href: 'x' } } : undefined);
        break;
      }
      case 3: {
        const t = doc.getText('t');
        if (t.length > 2) t.format(0, rng.int(1, t.length), { italic: rng.chance(0.5) ? true : null });
        break;
      }
      case 4:
        doc.getMap('m').set(rng.word(), rng.pick<unknown>([1, -5, 2.5, 2 ** 40, 'str', null, true, false, { a: [1, { b: 'c' }] }, [1, 2, 3], new Uint8Array([1, 2])]));
        break;
      case 5:
        doc.getArray('a').insert(0, [rng.int(-1000, 1000), rng.word(), null, 1.5, { deep: [[1]] }]);
        break;
      case 6:
        doc.getText('t').insertEmbed(0, { image: rng.word() });
        break;
      case 7:
        doc.getMap('m').set('doc', new Y.Doc({ guid: rng.word() }));
        break;
      case 8: {
        const t = doc.getText('t');
        if (t.length > 1) t.delete(rng.int(0, t.length - 1), 1);
        break;
      }
      case 9: {
        const [a, b] = [rng.pick(docs), rng.pick(docs)];
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
        break;
      }
    }
  }
  for (const d of docs) out.push(Y.encodeStateAsUpdate(d));
  const hook = new Y.Doc();
  hook.getXmlFragment('f').insert(0, [new Y.XmlHook('hook') as unknown as Y.XmlElement]);
  hook.getArray('json').insert(0, [1]);
  out.push(Y.encodeStateAsUpdate(hook));
  out.push(Y.mergeUpdates(out.slice(0, 50)));
  return out;
}

const clientsOf = (update: Uint8Array) => new Set(Y.decodeUpdate(update).structs.map((s) => s.id.client));

describe('updateShape', () => {
  const updates = variedUpdates();

  it('names the same client ids as Yjs for every kind of content', () => {
    expect(updates.length).toBeGreaterThan(250);
    for (const u of updates) expect(updateShape(u, budget).clients).toEqual(clientsOf(u));
  });

  it('refuses every strict prefix of an update, as Yjs does', () => {
    for (const u of updates.slice(-5)) {
      for (let cut = 0; cut < u.length; cut += Math.max(1, Math.floor(u.length / 200))) {
        expect(() => updateShape(u.subarray(0, cut), budget)).toThrow(MalformedUpdateError);
      }
    }
  });

  it('agrees with Yjs on bit-flipped updates that both can read', () => {
    // Bad JSON inside a format or embed passes the walk; Yjs then throws while reading, before it
    // changes the doc, so the room still refuses it as malformed.
    const rng = createRng(11);
    let agreed = 0;
    for (let i = 0; i < 3000; i++) {
      const u = Uint8Array.from(rng.pick(updates));
      const at = rng.int(0, u.length - 1);
      u[at] ^= 1 << rng.int(0, 7);
      let ours: Set<number> | null = null;
      let theirs: Set<number> | null = null;
      try {
        ours = updateShape(u, budget).clients;
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
      }
      try {
        theirs = clientsOf(u);
      } catch {
        // Yjs refuses it as well, or refuses what we let through (caught by Yjs on apply).
      }
      if (ours && theirs) {
        expect(ours).toEqual(theirs);
        agreed++;
      }
    }
    expect(agreed).toBeGreaterThan(100);
  });

  it('stops at the budget: dense structs, many clients, many delete ranges or delete-set clients', () => {
    const enc = (fn: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      fn(e);
      return encoding.toUint8Array(e);
    };
    const w = encoding.writeVarUint;
    const denseGc = enc((e) => {
      w(e, 1), w(e, 1_000_000), w(e, 7), w(e, 0);
      for (let i = 0; i < 1_000_000; i++) (encoding.writeUint8(e, 0), w(e, 1));
      w(e, 0);
    });
    const manyClients = enc((e) => {
      w(e, 300_000);
      for (let i = 0; i < 300_000; i++) (w(e, 1), w(e, i + 1), w(e, 0), encoding.writeUint8(e, 0), w(e, 1));
      w(e, 0);
    });
    const manyRanges = enc((e) => {
      w(e, 0), w(e, 1), w(e, 5), w(e, 500_000);
      for (let i = 0; i < 500_000; i++) (w(e, i * 2), w(e, 1));
    });
    const manyDsClients = enc((e) => {
      w(e, 0), w(e, 300_000);
      for (let i = 0; i < 300_000; i++) (w(e, i + 1), w(e, 1), w(e, 0), w(e, 1));
    });
    const small = { maxWork: 20_000, maxSections: 1_000, maxDeleteRanges: 50_000, maxDeleteSections: 10_000 };
    for (const u of [denseGc, manyClients, manyRanges, manyDsClients]) expect(() => updateShape(u, small)).toThrow(UpdateTooComplexError);
    // A declared count of 2^31 is refused before a single struct is read.
    expect(() => updateShape(enc((e) => (w(e, 1), w(e, 2 ** 31), w(e, 1), w(e, 0))), small)).toThrow(UpdateTooComplexError);
    expect(() => updateShape(enc((e) => w(e, 2 ** 31)), small)).toThrow(UpdateTooComplexError);
    expect(() => updateShape(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), small)).toThrow(MalformedUpdateError);
  });
});
