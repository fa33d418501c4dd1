/**
 * The history thread's entry point: runs each job it is sent (historyWork.ts) and answers with
 * its result or the error's message. Started by historyThread.ts as a WorkerThread.
 */
import { answerRequests } from '../workers/workerPort.js';
import { runHistoryJob } from './historyWork.js';

answerRequests(runHistoryJob);
