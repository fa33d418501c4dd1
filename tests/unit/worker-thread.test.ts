/**
 * WorkerThread, the one worker-thread class history, export and import run on: requests are
 * answered in a worker thread (not this one), buffers are handed over by transfer, refusals keep
 * their HTTP status, a crash fails what the worker held with a sentence (or does it here when
 * nothing was transferred) and the next request gets a fresh worker, a worker that cannot start
 * leaves the work to this thread, a request that takes too long fails and stops its worker, and
 * close() fails or finishes what was waiting.
 */
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerThread, transferable, type WorkerError } from '../../server/workers/workerThread.js';
import type { TestRequest } from '../fixtures/workers/testWorker.js';

type Answer = { threadId: number; value: string };

const threads: WorkerThread<TestRequest, Answer>[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

/** A thread on the test worker; `logged` collects what it logs. */
function testThread(options: { entry?: string; finishAtClose?: boolean; timeoutMs?: number } = {}) {
  const logged: string[] = [];
  const thread = new WorkerThread<TestRequest, Answer>({
    name: 'test',
    entry: new URL(options.entry ?? '../fixtures/workers/testWorker.ts', import.meta.url),
    log: (message) => logged.push(String(message)),
    inThread: (request) => ({ threadId, value: `here: ${request.kind}` }),
    revive: (error: WorkerError) => Object.assign(new Error(error.message), { status: error.status }),
    finishAtClose: options.finishAtClose,
    timeoutMs: options.timeoutMs,
    timedOut: () => new Error('That took too long.'),
  });
  threads.push(thread);
  return { thread, logged };
}

describe('a worker thread', () => {
  it('answers in its worker, in order, and keeps a refusal\'s status and sentence', async () => {
    const { thread, logged } = testThread();
    const answers = await Promise.all(['one', 'two', 'three'].map((value) => thread.run({ kind: 'echo', value })));
    expect(answers.map((a) => a.value)).toEqual(['one', 'two', 'three']);
    expect(answers[0].threadId).not.toBe(threadId);
    await expect(thread.run({ kind: 'refuse' })).rejects.toMatchObject({ message: 'That file is not one Quire reads.', status: 400 });
    expect(logged).toEqual([]);
  });

  it('hands a transferred buffer over: the worker reads it and this thread no longer holds it', async () => {
    const { thread } = testThread();
    const own = transferable(new Uint8Array([1, 2, 3, 250]));
    expect((await thread.run({ kind: 'sum', bytes: own.bytes }, { transfer: [own.buffer] })).value).toBe('256');
    expect(own.bytes.byteLength).toBe(0);
    // A view into Node's shared pool is copied first, so its neighbours are untouched.
    const pooled = Buffer.from([5, 6]);
    const neighbour = Buffer.from('still here');
    expect(pooled.buffer).toBe(neighbour.buffer);
    const copy = transferable(pooled);
    expect(copy.buffer).not.toBe(pooled.buffer);
    expect((await thread.run({ kind: 'sum', bytes: copy.bytes }, { transfer: [copy.buffer] })).value).toBe('11');
    expect(neighbour.toString()).toBe('still here');
  });

  it('fails what a crashed worker held with a sentence, does untransferred work here, and starts a fresh worker', async () => {
    const { thread, logged } = testThread();
    const first = await thread.run({ kind: 'echo', value: 'before' });
    // The worker stops on the first; the other two were already posted to it.
    const crash = thread.run({ kind: 'crash' });
    const own = transferable(new Uint8Array([1]));
    const held = thread.run({ kind: 'sum', bytes: own.bytes }, { transfer: [own.buffer] });
    const plain = thread.run({ kind: 'hold' });
    await expect(held).rejects.toThrow("The test worker stopped while it held this job's data; try again.");
    expect(await plain).toEqual({ threadId, value: 'here: hold' });
    expect(await crash).toEqual({ threadId, value: 'here: crash' });
    expect(logged).toEqual([expect.stringContaining('test: the worker thread stopped')]);
    const after = await thread.run({ kind: 'echo', value: 'after' });
    expect(after.value).toBe('after');
    expect(after.threadId).not.toBe(threadId);
    expect(after.threadId).not.toBe(first.threadId);
    expect(thread.usable).toBe(true);
  });

  it('does the work in this thread when its worker cannot start, and says so once', async () => {
    const { thread, logged } = testThread({ entry: '../fixtures/workers/brokenWorker.ts' });
    expect(await thread.run({ kind: 'echo', value: 'x' })).toEqual({ threadId, value: 'here: echo' });
    expect(thread.usable).toBe(false);
    expect(await thread.run({ kind: 'echo', value: 'y' })).toEqual({ threadId, value: 'here: echo' });
    expect(logged).toEqual([expect.stringContaining('test: the worker thread could not start; working in the server thread instead')]);
  });

  it('answers an aborted request at once with the reason, and stays usable', async () => {
    const { thread } = testThread();
    const controller = new AbortController();
    const waiting = thread.run({ kind: 'hold' }, { signal: controller.signal });
    controller.abort(new Error('cancelled by the person'));
    await expect(waiting).rejects.toThrow('cancelled by the person');
    expect((await thread.run({ kind: 'echo', value: 'next' })).value).toBe('next');
  });

  it('fails a request that takes too long with a sentence, stops that worker and answers the next in a fresh one', async () => {
    const { thread, logged } = testThread({ timeoutMs: 300 });
    const first = await thread.run({ kind: 'echo', value: 'quick' });
    await expect(thread.run({ kind: 'hold' })).rejects.toThrow('That took too long.');
    expect(logged[0]).toContain('test: a job took longer than 300 ms; stopping the worker thread');
    const next = await thread.run({ kind: 'echo', value: 'next' });
    expect(next.value).toBe('next');
    expect(next.threadId).not.toBe(first.threadId);
    expect(next.threadId).not.toBe(threadId);
  });

  it('fails waiting requests when closed, or finishes them here when told to, and works here afterwards', async () => {
    const failing = testThread().thread;
    await failing.run({ kind: 'echo', value: 'started' });
    const waiting = failing.run({ kind: 'hold' });
    await failing.close();
    await expect(waiting).rejects.toThrow('The test thread was closed.');
    expect(await failing.run({ kind: 'echo', value: 'late' })).toEqual({ threadId, value: 'here: echo' });

    const finishing = testThread({ finishAtClose: true }).thread;
    await finishing.run({ kind: 'echo', value: 'started' });
    const finished = finishing.run({ kind: 'hold' });
    await finishing.close();
    expect(await finished).toEqual({ threadId, value: 'here: hold' });
  });
});
