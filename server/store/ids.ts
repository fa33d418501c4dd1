import { randomBytes } from 'node:crypto';

/** A new random, url-safe id (16 characters, 96 bits). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** Now as an ISO-8601 UTC string, the form every table stores. */
export function nowIso(): string {
  return new Date().toISOString();
}
