/** Security headers: a CSP with nothing inline on every response, the usual hardening headers, and HSTS only over HTTPS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let secure: TestServer;

beforeAll(async () => {
  server = await startServer();
  secure = await startServer({ config: { secureCookies: true } });
});
afterAll(async () => {
  await server?.stop();
  await secure?.stop();
});

/** The CSP as a map of directive -> sources. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

const PATHS = ['/', '/papers/abc', '/api/me', '/api/no-such-route', '/sw.js'];

describe('security headers', () => {
  it('sends a Content Security Policy without unsafe-inline or unsafe-eval on every response', async () => {
    for (const path of PATHS) {
      const res = await fetch(server.url + path);
      const csp = res.headers.get('content-security-policy');
      expect(csp, path).toBeTruthy();
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      const d = directives(csp);
      expect(d.get('default-src')).toEqual(["'self'"]);
      expect(d.get('script-src')).toEqual(["'self'"]);
      expect(d.get('style-src')).toEqual(["'self'"]);
      expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
      expect(d.get('connect-src')).toEqual(["'self'"]);
      expect(d.get('font-src')).toEqual(["'self'"]);
      expect(d.get('object-src')).toEqual(["'none'"]);
      expect(d.get('base-uri')).toEqual(["'none'"]);
      expect(d.get('form-action')).toEqual(["'self'"]);
      expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    }
  });

  it('sends nosniff, referrer, framing, cross-origin and permissions headers', async () => {
    for (const path of PATHS) {
      const res = await fetch(server.url + path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      const permissions = res.headers.get('permissions-policy') ?? '';
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(permissions).toContain(feature);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('sends Strict-Transport-Security only when secure cookies are on', async () => {
    expect((await fetch(server.url + '/')).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(server.url + '/api/me')).headers.get('strict-transport-security')).toBeNull();
    const hsts = (await fetch(secure.url + '/')).headers.get('strict-transport-security');
    expect(hsts).toMatch(/^max-age=\d{7,}/);
  });

  it('serves the built client with no inline script or style for the policy to block', async () => {
    const html = await (await fetch(server.url + '/')).text();
    expect(html).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"><\/script>/);
    // Every <script> has a src and is empty; there is no <style> element or style="" attribute.
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc="/);
      expect(m[2].trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});
