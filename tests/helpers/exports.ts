/** Exporting through the real job routes in integration tests: start, wait until the job is finished, download. */
import { expect } from 'vitest';
import type { ExportJobView, StartExportBody } from '../../shared/export.js';
import type { TestUser } from './factories.js';
import { waitFor } from './waitFor.js';

/** Starts an export as `who`, waits for it to be done, and returns the downloaded bytes, the job and the download's headers. */
export async function exportThroughJobs(baseUrl: string, who: TestUser, paperId: string, body: Partial<StartExportBody>): Promise<{ jobId: string; job: ExportJobView; bytes: Uint8Array; headers: Headers }> {
  const base = `/api/papers/${paperId}/exports`;
  const started = await who.client.request<{ jobId: string }>('POST', base, body);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const { jobId } = started.body;
  const job = await waitFor(async () => {
    const { job } = await who.client.ok<{ job: ExportJobView }>('GET', `${base}/${jobId}`);
    return job.status === 'running' ? null : job;
  }, { message: `the ${body.format ?? ''} export to finish` });
  expect(job.status, job.error ?? '').toBe('done');
  const res = await fetch(`${baseUrl}${base}/${jobId}/download`, { headers: { cookie: who.client.cookie } });
  expect(res.status).toBe(200);
  return { jobId, job, bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}
