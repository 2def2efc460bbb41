/**
 * A prescan worker thread: reads the files it is sent, in batches, and answers each batch with
 * their outcomes in order. It reads through the same guarded reader as the main thread. It does not
 * parse: measured on the bench corpus, parsing here (trees cloned or packed into buffers) made
 * whole scans slower than parsing on the main thread, as each thread warmed up its own parser.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Prescanner, type FileOutcome, type PrescanPlan } from './prescan.js';

export interface WorkerSetup {
  readonly plan: PrescanPlan;
  readonly maxFileSize: number;
}

export interface BatchRequest {
  readonly listing: number;
  readonly batch: number;
  readonly files: readonly { readonly path: string; readonly absolutePath: string }[];
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly listing: number; readonly batch: number; readonly outcomes: readonly FileOutcome[] };

const setup = workerData as WorkerSetup;
const prescanner = new Prescanner(setup.plan);
const port = parentPort!;

port.on('message', ({ listing, batch, files }: BatchRequest) => {
  const outcomes = files.map((file) => prescanner.readAndPrescan(file.absolutePath, file.path, setup.maxFileSize));
  const reply: WorkerMessage = { type: 'batch', listing, batch, outcomes };
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
