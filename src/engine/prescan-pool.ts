import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchRequest, WorkerMessage, WorkerSetup } from './prescan-worker.js';
import type { FileOutcome, Prescanner } from './prescan.js';

/** One file to prescan: its path relative to the root, and where it is. */
export interface PrescanFile {
  readonly path: string;
  readonly absolutePath: string;
}

/** Files per message: enough that posting costs little beside the reading, few enough to keep every thread busy to the end. */
const BATCH_FILES = 32;
/** Batches each worker holds at once, so it rarely waits for the main thread to send more. */
const BATCHES_PER_WORKER = 4;
/**
 * Text finished by workers and not yet taken by the main thread, at most (UTF-16 code units):
 * workers run ahead while the main thread parses and runs rules, but never hold the whole
 * repository in memory.
 */
const READ_AHEAD_CHARS = 32 << 20;
/** The main thread lets worker replies in at least this often (ms) while it consumes finished batches. */
const TURN_EVERY_MS = 4;

const WORKER_SCRIPT = new URL('./prescan-worker.js', import.meta.url);

/** Whether worker threads can run here: the compiled worker script exists (under a test runner that compiles on the fly it does not). */
export function workersAvailable(): boolean {
  return WORKER_SCRIPT.protocol === 'file:' && existsSync(fileURLToPath(WORKER_SCRIPT));
}

interface Batch {
  readonly files: readonly PrescanFile[];
  outcomes?: readonly FileOutcome[];
  /** Text characters the outcomes hold. */
  chars: number;
  waiter?: () => void;
}

interface Listing {
  /** Tells its replies from a stale one of an earlier listing. */
  readonly id: number;
  readonly batches: Batch[];
  nextToSend: number;
}

interface PoolWorker {
  readonly thread: Worker;
  ready: boolean;
  /** Batches of the current listing sent to it and not answered. */
  readonly held: Set<number>;
}

/**
 * Worker threads that read and prescan files, started once per scan. `outcomes` yields a
 * listing's outcomes in its order, so a scan reports exactly what the inline prescan would. The
 * main thread works too: a batch no worker has taken by the time it is needed (workers still
 * starting, or the read-ahead budget spent) it does itself, with the same code; so does it for
 * the batches of a worker that fails.
 */
export class PrescanPool {
  private readonly workers: PoolWorker[] = [];
  private listing: Listing | undefined;
  private listings = 0;
  private aheadChars = 0;
  /** Batches done by workers and by the main thread, for tests and diagnostics. */
  readonly batchesDone = { workers: 0, main: 0 };
  /** Settles once every worker has started or failed (a scan need not wait for it: the main thread works meanwhile). */
  readonly started: Promise<void>;
  private starting: number;
  private onStarted: () => void = () => {};

  /** `script` is the worker's code: prescan-worker.js, unless a test gives another. */
  constructor(
    private readonly prescanner: Prescanner,
    threads: number,
    private readonly maxFileSize: number,
    script: URL = WORKER_SCRIPT,
  ) {
    const setup: WorkerSetup = { plan: prescanner.plan, maxFileSize };
    this.starting = threads;
    this.started = new Promise((resolve) => (this.onStarted = resolve));
    if (threads === 0) this.onStarted();
    for (let i = 0; i < threads; i++) {
      const worker: PoolWorker = { thread: new Worker(script, { workerData: setup }), ready: false, held: new Set() };
      this.workers.push(worker);
      worker.thread.on('message', (message: WorkerMessage) => this.receive(worker, message));
      worker.thread.on('error', () => this.lose(worker));
      worker.thread.on('exit', () => this.lose(worker));
    }
  }

  /** The outcome of every file, in the order given. */
  async *outcomes(files: readonly PrescanFile[]): AsyncGenerator<FileOutcome> {
    const batches: Batch[] = [];
    for (let start = 0; start < files.length; start += BATCH_FILES) batches.push({ files: files.slice(start, start + BATCH_FILES), chars: 0 });
    const listing: Listing = { id: ++this.listings, batches, nextToSend: 0 };
    for (const worker of this.workers) worker.held.clear();
    this.listing = listing;
    this.aheadChars = 0;
    let turned = performance.now();
    try {
      this.feedAll();
      for (let index = 0; index < batches.length; index++) {
        const batch = batches[index]!;
        if (performance.now() - turned > TURN_EVERY_MS) {
          // Let waiting messages in (workers ready, replies), so workers get more to do.
          await new Promise<void>((resolve) => setImmediate(resolve));
          turned = performance.now();
        }
        if (index >= listing.nextToSend) {
          // Not sent to any worker: the main thread does it rather than wait.
          listing.nextToSend = index + 1;
          this.inline(batch);
        } else if (!batch.outcomes) {
          await new Promise<void>((resolve) => (batch.waiter = resolve));
          turned = performance.now();
        }
        const outcomes = batch.outcomes!;
        this.aheadChars -= batch.chars;
        batches[index] = { files: [], chars: 0 };
        this.feedAll();
        yield* outcomes;
      }
    } finally {
      this.listing = undefined;
    }
  }

  close(): void {
    for (const worker of this.workers.splice(0)) void worker.thread.terminate();
  }

  private receive(worker: PoolWorker, message: WorkerMessage): void {
    if (message.type === 'ready') {
      worker.ready = true;
      this.startedOne();
      this.feed(worker);
      return;
    }
    if (message.listing !== this.listing?.id || !worker.held.delete(message.batch)) return;
    const batch = this.listing?.batches[message.batch];
    if (batch && !batch.outcomes) {
      this.batchesDone.workers++;
      this.finish(batch, message.outcomes, true);
    }
    this.feed(worker);
  }

  private startedOne(): void {
    if (--this.starting === 0) this.onStarted();
  }

  private finish(batch: Batch, outcomes: readonly FileOutcome[], ahead: boolean): void {
    batch.outcomes = outcomes;
    if (ahead) {
      for (const outcome of outcomes) if (outcome.kind === 'text' && outcome.text !== undefined) batch.chars += outcome.text.length;
      for (const outcome of outcomes) if (outcome.kind === 'binary') for (const piece of outcome.pieces) batch.chars += piece.text.length;
      this.aheadChars += batch.chars;
    }
    batch.waiter?.();
  }

  private inline(batch: Batch): void {
    this.batchesDone.main++;
    this.finish(batch, batch.files.map((file) => this.prescanner.readAndPrescan(file.absolutePath, file.path, this.maxFileSize)), false);
  }

  private feedAll(): void {
    for (const worker of this.workers) this.feed(worker);
  }

  private feed(worker: PoolWorker): void {
    const listing = this.listing;
    if (!listing || !worker.ready) return;
    while (worker.held.size < BATCHES_PER_WORKER && listing.nextToSend < listing.batches.length && this.aheadChars < READ_AHEAD_CHARS) {
      const index = listing.nextToSend++;
      worker.held.add(index);
      const request: BatchRequest = { listing: listing.id, batch: index, files: listing.batches[index]!.files };
      worker.thread.postMessage(request);
    }
  }

  /** A worker that failed or stopped: what it held is done here, and it gets no more. */
  private lose(worker: PoolWorker): void {
    const at = this.workers.indexOf(worker);
    if (at === -1) return;
    this.workers.splice(at, 1);
    if (!worker.ready) this.startedOne();
    for (const index of worker.held) {
      const batch = this.listing?.batches[index];
      if (batch && !batch.outcomes) this.inline(batch);
    }
    worker.held.clear();
  }
}
