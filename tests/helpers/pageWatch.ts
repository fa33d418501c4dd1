/**
 * Watching a browser context for what must never happen: a Content Security Policy violation
 * (from `securitypolicyviolation` events and console errors) or an executed hostile payload (the
 * canary: `window.__canary` or `window.__pwned` set, or any alert/confirm/prompt dialog). Both
 * survive navigations because they report to Node through exposed bindings.
 */
import type { BrowserContext, ConsoleMessage, Dialog, Page } from 'playwright-core';

/** What a watched context saw. */
export interface Watch {
  /** CSP violations: directive, blocked URI and a sample, as the browser reported them. */
  violations: string[];
  /** Payloads that ran: canary property writes and dialogs. */
  canary: string[];
  /** Starts watching a tab opened after watchContext (console and dialogs are per tab). */
  watchPage(page: Page): void;
}

// Runs in every document before its own scripts: forwards violations, and turns any write to
// the canary properties into a report.
function initScript() {
  const w = window as unknown as Record<string, (msg: string) => void>;
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__quireCsp(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
  });
  for (const name of ['__canary', '__pwned']) {
    Object.defineProperty(window, name, {
      configurable: false,
      get: () => undefined,
      set: (value) => w.__quireCanary(`${name} = ${String(value)} at ${location.pathname}`),
    });
  }
}

/** Starts watching every tab of a context; call before the first navigation. */
export async function watchContext(context: BrowserContext): Promise<Watch> {
  const watch: Watch = {
    violations: [],
    canary: [],
    watchPage(page: Page) {
      page.on('console', (msg: ConsoleMessage) => {
        if (/Content Security Policy|Refused to (apply|execute|load|connect|frame)/i.test(msg.text())) watch.violations.push(`console: ${msg.text()}`);
      });
      page.on('dialog', (dialog: Dialog) => {
        watch.canary.push(`${dialog.type()} dialog: ${dialog.message()} at ${page.url()}`);
        void dialog.dismiss().catch(() => {});
      });
    },
  };
  await context.exposeBinding('__quireCsp', (_source, message: string) => void watch.violations.push(message));
  await context.exposeBinding('__quireCanary', (_source, message: string) => void watch.canary.push(message));
  await context.addInitScript(initScript);
  for (const page of context.pages()) watch.watchPage(page);
  context.on('page', (page) => watch.watchPage(page));
  return watch;
}
