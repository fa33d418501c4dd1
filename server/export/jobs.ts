/**
 * Export jobs of one app instance, kept in memory: each belongs to the person who started it (no
 * one else can see, cancel or download it), reports progress through a callback, can be cancelled
 * (its AbortSignal stops assembly between pages) and is forgotten, with its file, after
 * EXPORT_KEPT_MS. Created by the export router, so two apps in one process never share jobs.
 */
import { randomUUID } from 'node:crypto';
import { EXPORT_KEPT_MS, type ExportJobView, type ExportProgress } from '../../shared/export.js';
import { conflict, HttpError, notFound } from '../errors.js';

/** A finished export's file. */
export interface ExportFile {
  body: Buffer;
  fileName: string;
  contentType: string;
}

/** The work of one job: reads, writes, and reports `done` of `of` pages. */
export type ExportWork = (signal: AbortSignal, progress: (done: number, of: number) => void) => Promise<ExportFile>;

interface Job {
  userId: string;
  view: ExportJobView;
  controller: AbortController;
  file: ExportFile | null;
  expiry: NodeJS.Timeout;
}

export interface ExportJobsOptions {
  /** Told of every change of a job's progress or status, with the id of the person who started it. */
  onProgress: (userId: string, progress: ExportProgress) => void;
  /** Told of a job that failed for a reason that is not the person's (a bug, a store failure). */
  log: (err: unknown) => void;
  keptMs?: number;
}

const NOT_FOUND = 'There is no such export (exports are kept for 10 minutes).';

/** How many exports one person may have running at once, so no one can fill the server's memory. */
export const RUNNING_PER_PERSON = 3;
/** How many finished jobs (with their files) one person keeps; starting another forgets the oldest. */
export const KEPT_PER_PERSON = 10;

export class ExportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly options: ExportJobsOptions) {}

  /** Starts a job and returns its view at once; the work runs on. */
  start(userId: string, base: Pick<ExportJobView, 'paperId' | 'format' | 'scope' | 'source'>, work: ExportWork): ExportJobView {
    const running = [...this.jobs.values()].filter((j) => j.userId === userId && j.view.status === 'running').length;
    if (running >= RUNNING_PER_PERSON) throw conflict(`You have ${running} exports running; wait for one to finish or cancel it first.`);
    const finished = [...this.jobs.entries()].filter(([, j]) => j.userId === userId && j.view.status !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEPT_PER_PERSON + 1))) this.forget(id);
    const jobId = randomUUID();
    const view: ExportJobView = { ...base, jobId, status: 'running', done: 0, of: 0, fileName: null, error: null };
    const controller = new AbortController();
    const expiry = setTimeout(() => this.forget(jobId), this.options.keptMs ?? EXPORT_KEPT_MS);
    expiry.unref();
    const job: Job = { userId, view, controller, file: null, expiry };
    this.jobs.set(jobId, job);
    const tell = () => this.options.onProgress(userId, { paperId: view.paperId, jobId, status: view.status, done: view.done, of: view.of });
    const progress = (done: number, of: number) => {
      if (view.status !== 'running') return;
      view.done = done;
      view.of = of;
      tell();
    };
    void work(controller.signal, progress).then(
      (file) => {
        if (view.status !== 'running') return;
        job.file = file;
        view.fileName = file.fileName;
        view.status = 'done';
        tell();
      },
      (err: unknown) => {
        if (view.status !== 'running') return;
        if (controller.signal.aborted) view.status = 'cancelled';
        else {
          view.status = 'failed';
          // A refusal (a page gone from a release's store) is said as it is; anything else is a bug, logged.
          view.error = err instanceof HttpError ? err.message : 'The export failed on the server. Try again.';
          if (!(err instanceof HttpError)) this.options.log(err);
        }
        tell();
      },
    );
    return { ...view };
  }

  private job(userId: string, paperId: string, jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job || job.userId !== userId || job.view.paperId !== paperId) throw notFound(NOT_FOUND);
    return job;
  }

  /** A job of this person in this paper; 404 if unknown, expired or someone else's. */
  view(userId: string, paperId: string, jobId: string): ExportJobView {
    return { ...this.job(userId, paperId, jobId).view };
  }

  /** Cancels a running job (a finished one is forgotten, its file with it). */
  cancel(userId: string, paperId: string, jobId: string): ExportJobView {
    const job = this.job(userId, paperId, jobId);
    if (job.view.status === 'running') {
      job.view.status = 'cancelled';
      job.controller.abort(new Error('The export was cancelled.'));
      this.options.onProgress(userId, { paperId, jobId, status: 'cancelled', done: job.view.done, of: job.view.of });
      return { ...job.view };
    }
    const view = { ...job.view };
    this.forget(jobId);
    return view;
  }

  /** The file of a finished job; 409 while it runs or if it did not finish. */
  file(userId: string, paperId: string, jobId: string): ExportFile {
    const job = this.job(userId, paperId, jobId);
    if (job.file) return job.file;
    throw conflict(job.view.status === 'running' ? 'The export is still being made; wait for it to finish.' : `The export ${job.view.status === 'cancelled' ? 'was cancelled' : 'failed'}; start a new one.`);
  }

  private forget(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    clearTimeout(job.expiry);
    job.controller.abort(new Error('The export expired.'));
    this.jobs.delete(jobId);
  }

  /** Cancels and forgets every job (the app is closing). */
  close(): void {
    for (const jobId of [...this.jobs.keys()]) this.forget(jobId);
  }
}
