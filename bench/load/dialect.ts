/**
 * How a load client addresses a room on each server. Quire, the y-websocket 2 reference server and
 * the echo relay take the room from the URL path and speak bare y-websocket frames. Hocuspocus
 * ignores the path: every frame in both directions starts with the document name as a varString,
 * and a connection must first send an Auth frame ([name, 2 = Auth, 0 = Token, token]) before the
 * server takes any other frame for that document (@hocuspocus/server ClientConnection).
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** A server's framing. */
export interface Dialect {
  /** The WebSocket URL for a room. */
  url(base: string, room: string): string;
  /** Frames to send right after the socket opens, before anything else. */
  hello(room: string): Uint8Array[];
  /** Wraps a y-websocket frame for the room. */
  wrap(room: string, frame: Uint8Array): Uint8Array;
  /** A decoder positioned at the y-websocket message type of a received frame. */
  unwrap(frame: Uint8Array): decoding.Decoder;
}

/** Bare y-websocket frames, room in the URL path (Quire, y-websocket 2, the echo relay). */
export const yWebsocketDialect: Dialect = {
  url: (base, room) => `${base}/${room}`,
  hello: () => [],
  wrap: (_room, frame) => frame,
  unwrap: (frame) => decoding.createDecoder(frame),
};

const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_AUTH_TOKEN = 0;

/** Hocuspocus: document name first in every frame, an Auth frame first on every document. */
export const hocuspocusDialect: Dialect = {
  url: (base) => base,
  hello(room) {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, room);
    encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH);
    encoding.writeVarUint(encoder, HOCUSPOCUS_AUTH_TOKEN);
    encoding.writeVarString(encoder, 'bench');
    return [encoding.toUint8Array(encoder)];
  },
  wrap(room, frame) {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, room);
    encoding.writeUint8Array(encoder, frame);
    return encoding.toUint8Array(encoder);
  },
  unwrap(frame) {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarString(decoder);
    return decoder;
  },
};
