/**
 * A cheap first look at a client's Yjs update (v1 encoding) before Yjs decodes it. Yjs's own
 * decoder builds an object per struct, and applying an update costs about a microsecond per
 * struct and several per client id, so a 2 MiB message packed with two-byte structs (or a
 * hundred thousand client ids, or delete-set ranges) would block the event loop for a second or
 * more. This walks the same bytes without allocating, stops at the first length that overruns the
 * update, and counts the work the update asks for; above a budget the update is refused before
 * Yjs sees it. The walk reads exactly what y-protocols' UpdateDecoderV1 reads, in the same order.
 */

/** The work an update asks for. */
export interface UpdateShape {
  /** Yjs client ids that have structs in the update. */
  clients: Set<number>;
  /** Structs and JSON/any values: each costs Yjs an object or more. */
  work: number;
  /** Delete-set ranges. */
  deleteRanges: number;
}

/**
 * Upper bounds for one update; refusing above them keeps one message's decode and apply short. The
 * delete set has its own, looser bounds: a client rejoining a long-edited page sends the page's
 * whole delete set (Yjs always does), and ranges the server already holds cost it little.
 */
export interface UpdateBudget {
  /** Structs and JSON/any values. */
  maxWork: number;
  /** Client sections of the struct part. */
  maxSections: number;
  /** Delete-set ranges. */
  maxDeleteRanges: number;
  /** Client sections of the delete set. */
  maxDeleteSections: number;
}

/** Thrown for bytes that are not a complete v1 update. */
export class MalformedUpdateError extends Error {
  override name = 'MalformedUpdateError';
}

/** Thrown for an update that is well formed but asks for more work than one message may. */
export class UpdateTooComplexError extends Error {
  override name = 'UpdateTooComplexError';
}

// Struct info bits (yjs binary.BIT8/BIT7/BIT6, BITS5) and content refs (yjs Item.js contentRefs).
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;
const CONTENT_REF = 0x1f;
const GC = 0;
const SKIP = 10;
const XML_ELEMENT = 3;
const XML_HOOK = 5;
const MAX_TYPE_REF = 6;
// lib0 readAny nests through recursion; past this depth Yjs would overflow its stack anyway.
const MAX_ANY_DEPTH = 256;

class Walker {
  pos = 0;
  work = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly budget: UpdateBudget,
  ) {}

  spend(units: number): void {
    this.work += units;
    if (this.work > this.budget.maxWork) throw new UpdateTooComplexError(`update asks for more than ${this.budget.maxWork} structs and values`);
  }

  uint8(): number {
    if (this.pos >= this.bytes.length) throw new MalformedUpdateError('unexpected end of update');
    return this.bytes[this.pos++];
  }

  varUint(): number {
    let num = 0;
    let mult = 1;
    for (;;) {
      const byte = this.uint8();
      num += (byte & 0x7f) * mult;
      if (byte < 0x80) return num;
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER) throw new MalformedUpdateError('integer out of range');
    }
  }

  /** A signed varint has the same continuation bit as a varuint. */
  skipVarInt(): void {
    while (this.uint8() & 0x80);
  }

  skip(n: number): void {
    if (n > this.bytes.length - this.pos) throw new MalformedUpdateError('length beyond the end of the update');
    this.pos += n;
  }

  skipVarBytes(): void {
    this.skip(this.varUint());
  }

  skipAny(depth: number): void {
    this.spend(1);
    if (depth > MAX_ANY_DEPTH) throw new MalformedUpdateError('value nested too deeply');
    const type = this.uint8();
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125:
        return this.skipVarInt();
      case 124:
        return this.skip(4);
      case 123:
      case 122:
        return this.skip(8);
      case 119: // string
      case 116: // Uint8Array
        return this.skipVarBytes();
      case 118: {
        const n = this.varUint();
        for (let i = 0; i < n; i++) {
          this.skipVarBytes();
          this.skipAny(depth + 1);
        }
        return;
      }
      case 117: {
        const n = this.varUint();
        for (let i = 0; i < n; i++) this.skipAny(depth + 1);
        return;
      }
      default:
        throw new MalformedUpdateError(`unknown value type ${type}`);
    }
  }

  skipContent(ref: number): void {
    switch (ref) {
      case 1: // deleted: a length only
        this.varUint();
        return;
      case 2: {
        // JSON: a count of strings
        const n = this.varUint();
        for (let i = 0; i < n; i++) {
          this.spend(1);
          this.skipVarBytes();
        }
        return;
      }
      case 3: // binary
      case 4: // string
      case 5: // embed (JSON text)
        return this.skipVarBytes();
      case 6: // format: key, JSON text
        this.skipVarBytes();
        return this.skipVarBytes();
      case 7: {
        const typeRef = this.varUint();
        if (typeRef > MAX_TYPE_REF) throw new MalformedUpdateError(`unknown type ref ${typeRef}`);
        if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) this.skipVarBytes();
        return;
      }
      case 8: {
        const n = this.varUint();
        for (let i = 0; i < n; i++) this.skipAny(0);
        return;
      }
      case 9: // subdocument: guid, options
        this.skipVarBytes();
        return this.skipAny(0);
      default:
        throw new MalformedUpdateError(`unknown content ref ${ref}`);
    }
  }
}

/**
 * Walks a v1 update and returns its shape; throws MalformedUpdateError if it does not parse to its
 * last byte, UpdateTooComplexError as soon as it exceeds the budget. Cost: linear in bytes, no
 * allocation but the client set.
 */
export function updateShape(update: Uint8Array, budget: UpdateBudget): UpdateShape {
  const w = new Walker(update, budget);
  const clients = new Set<number>();
  const structSections = w.varUint();
  if (structSections > budget.maxSections) throw new UpdateTooComplexError(`update names more than ${budget.maxSections} clients`);
  for (let s = 0; s < structSections; s++) {
    const structs = w.varUint();
    clients.add(w.varUint());
    w.varUint(); // first clock
    w.spend(structs);
    for (let i = 0; i < structs; i++) {
      const info = w.uint8();
      const ref = info & CONTENT_REF;
      if (ref === GC || ref === SKIP) {
        w.varUint();
        continue;
      }
      if (info & HAS_ORIGIN) (w.varUint(), w.varUint());
      if (info & HAS_RIGHT_ORIGIN) (w.varUint(), w.varUint());
      if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
        // Parent: 1 then a root type's name, or anything else then the parent item's id.
        if (w.varUint() === 1) w.skipVarBytes();
        else (w.varUint(), w.varUint());
        if (info & HAS_PARENT_SUB) w.skipVarBytes();
      }
      w.skipContent(ref);
    }
  }
  const dsSections = w.varUint();
  if (dsSections > budget.maxDeleteSections) throw new UpdateTooComplexError(`delete set names more than ${budget.maxDeleteSections} clients`);
  let deleteRanges = 0;
  for (let s = 0; s < dsSections; s++) {
    w.varUint(); // client
    const ranges = w.varUint();
    deleteRanges += ranges;
    if (deleteRanges > budget.maxDeleteRanges) throw new UpdateTooComplexError(`delete set has more than ${budget.maxDeleteRanges} ranges`);
    for (let i = 0; i < ranges; i++) (w.varUint(), w.varUint());
  }
  if (w.pos !== update.length) throw new MalformedUpdateError('bytes after the end of the update');
  return { clients, work: w.work, deleteRanges };
}
