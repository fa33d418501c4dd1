/**
 * Export jobs: progress and the finished file reach only their starter; cancelling stops the work
 * through its signal; a person may run only a few at once; jobs are forgotten after their time.
 */
import { describe, expect, it } from 'vitest';
import { ExportJobs, KEPT_PER_PERSON, RUNNING_PER_PERSON, type ExportWork } from '../../server/export/jobs.js';
import type { ExportProgress } from '../../shared/export.js';
import { waitFor } from '../helpers/waitFor.js';

const base = { paperId: 'paper-1', format: 'html' as const, scope: { kind: 'paper' as const }, source: { kind: 'live' as const } };

/** Work that reports progress page by page and finishes only when told to (or stops when aborted). */
function controlledWork() {
  let finish: () => void = () => {};
  let seenSignal: AbortSignal | null = null;
  const work: ExportWork = (signal, progress) =>
    new Promise((resolve, reject) => {
      seenSignal = signal;
      progress(0, 2);
      progress(1, 2);
      signal.addEventListener('abort', () => reject(signal.reason));
      finish = () => {
        progress(2, 2);
        resolve({ body: Buffer.from('<p>done</p>'), fileName: 'paper.html', contentType: 'text/html; charset=utf-8' });
      };
    });
  return { work, finish: () => finish(), signal: () => seenSignal };
}

function jobsWith(keptMs?: number) {
  const heard: [string, ExportProgress][] = [];
  const logged: unknown[] = [];
  const jobs = new ExportJobs({ onProgress: (userId, p) => heard.push([userId, p]), log: (e) => logged.push(e), keptMs });
  return { jobs, heard, logged };
}

describe('export jobs', () => {
  it('reports progress to the starter, then keeps the file for them only', async () => {
    const { jobs, heard } = jobsWith();
    const w = controlledWork();
    const { jobId } = jobs.start('ada', base, w.work);
    expect(jobs.view('ada', 'paper-1', jobId)).toMatchObject({ status: 'running', done: 1, of: 2 });
    expect(() => jobs.file('ada', 'paper-1', jobId)).toThrow('The export is still being made; wait for it to finish.');
    w.finish();
    await waitFor(() => jobs.view('ada', 'paper-1', jobId).status === 'done');
    expect(jobs.file('ada', 'paper-1', jobId).body.toString()).toBe('<p>done</p>');
    expect(heard.map(([who, p]) => `${who} ${p.status} ${p.done}/${p.of}`)).toEqual(['ada running 0/2', 'ada running 1/2', 'ada running 2/2', 'ada done 2/2']);
    expect(() => jobs.view('bob', 'paper-1', jobId)).toThrow('There is no such export');
    expect(() => jobs.file('ada', 'paper-2', jobId)).toThrow('There is no such export');
  });

  it('cancels through the signal, and a cancelled job has no file', async () => {
    const { jobs, logged } = jobsWith();
    const w = controlledWork();
    const { jobId } = jobs.start('ada', base, w.work);
    expect(jobs.cancel('ada', 'paper-1', jobId).status).toBe('cancelled');
    expect(w.signal()!.aborted).toBe(true);
    expect(() => jobs.file('ada', 'paper-1', jobId)).toThrow('The export was cancelled; start a new one.');
    expect(logged).toEqual([]);
  });

  it('lets one person run only a few exports at once', () => {
    const { jobs } = jobsWith();
    for (let i = 0; i < RUNNING_PER_PERSON; i++) jobs.start('ada', base, controlledWork().work);
    expect(() => jobs.start('ada', base, controlledWork().work)).toThrow(`You have ${RUNNING_PER_PERSON} exports running`);
    expect(() => jobs.start('bob', base, controlledWork().work)).not.toThrow();
  });

  it('keeps only the latest finished jobs of a person, forgetting the oldest', async () => {
    const { jobs } = jobsWith();
    const ids: string[] = [];
    for (let i = 0; i <= KEPT_PER_PERSON; i++) {
      const w = controlledWork();
      const { jobId } = jobs.start('ada', base, w.work);
      w.finish();
      await waitFor(() => jobs.view('ada', 'paper-1', jobId).status === 'done');
      ids.push(jobId);
    }
    expect(() => jobs.view('ada', 'paper-1', ids[0])).toThrow('There is no such export');
    expect(jobs.view('ada', 'paper-1', ids[1]).status).toBe('done');
    expect(jobs.view('ada', 'paper-1', ids[KEPT_PER_PERSON]).status).toBe('done');
  });

  it('says a failure in a sentence and logs what is not a refusal', async () => {
    const { jobs, logged } = jobsWith();
    const { jobId } = jobs.start('ada', base, async () => {
      throw new TypeError('a bug');
    });
    await waitFor(() => jobs.view('ada', 'paper-1', jobId).status === 'failed');
    expect(jobs.view('ada', 'paper-1', jobId).error).toBe('The export failed on the server. Try again.');
    expect(logged).toHaveLength(1);
  });

  it('forgets a job, and stops its work, after its time', async () => {
    const { jobs } = jobsWith(30);
    const w = controlledWork();
    const { jobId } = jobs.start('ada', base, w.work);
    await waitFor(() => {
      try {
        jobs.view('ada', 'paper-1', jobId);
        return false;
      } catch {
        return true;
      }
    }, { message: 'the job to expire' });
    expect(w.signal()!.aborted).toBe(true);
  });
});
