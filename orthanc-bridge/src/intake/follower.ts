import { advanceCursor, getCursor, resetCursor } from './cursorStore';
import type { BridgeContext } from '../context';
import { intakeStudy } from './intake';

export interface FollowerOptions {
  /** Pause between polls once the feed is read to its end (default 250 ms: a StableStudy waits
   * at most that long, and an empty /changes read costs Orthanc almost nothing). */
  readonly pollIntervalMs?: number;
  /** Changes asked per request (Orthanc's limit is 100 unless configured otherwise). */
  readonly batchSize?: number;
  /**
   * Where a database that never followed this Orthanc starts: `beginning` (default: every study
   * Orthanc holds is taken in) or `latest` (only what arrives from now on).
   */
  readonly startFrom?: 'beginning' | 'latest';
  /** Longest pause after a failure (default 30 s); pauses double from the poll interval. */
  readonly maxBackoffMs?: number;
}

export interface PollResult {
  /** StableStudy changes taken in. */
  readonly stableStudies: number;
  /** Cursor after the poll. */
  readonly cursor: number;
  /** True when the feed has nothing newer. */
  readonly done: boolean;
}

/**
 * Follows Orthanc's change feed from the cursor stored in PostgreSQL. Each StableStudy is taken in
 * (intakeStudy) in a transaction that also moves the cursor past it; other changes move the cursor
 * at the end of a page. A failure stops the page where it is and the next poll starts again from
 * the cursor, after a growing pause: nothing is skipped, and a change recorded twice is harmless.
 */
export class ChangeFollower {
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly ctx: BridgeContext,
    private readonly options: FollowerOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
  }

  /** Places the cursor on first start, and after Orthanc's feed was reset (a new Orthanc database). */
  async initCursor(): Promise<number> {
    const { pool, orthanc, logger } = this.ctx;
    const cursor = await getCursor(pool);
    const last = await orthanc.lastChange();
    if (cursor < 0) {
      const start = this.options.startFrom === 'latest' ? last : 0;
      await advanceCursor(pool, start);
      logger.info({ cursor: start }, 'change cursor created');
      return start;
    }
    if (cursor > last) {
      // Orthanc numbers changes from 1 again after its database was replaced. Replaying is safe.
      logger.warn(
        { cursor, orthancLast: last },
        "Orthanc's change feed is behind the cursor: replaying it from 0",
      );
      await resetCursor(pool, 0);
      return 0;
    }
    return cursor;
  }

  /** Reads one page of the feed and takes in its stable studies. */
  async pollOnce(): Promise<PollResult> {
    const { pool, orthanc, logger } = this.ctx;
    const since = await getCursor(pool);
    const page = await orthanc.changes(Math.max(0, since), this.batchSize);
    let stableStudies = 0;
    for (const change of page.Changes) {
      // Stopping: the rest of the page is left for the next start.
      if (this.stopping) return { stableStudies, cursor: await getCursor(pool), done: true };
      if (change.ChangeType !== 'StableStudy') continue;
      const result = await intakeStudy(this.ctx, change.ID, { source: 'feed', seq: change.Seq });
      if (result.outcome === 'gone')
        logger.info({ orthancStudyId: change.ID }, 'stable study deleted before it was read');
      stableStudies++;
    }
    if (page.Last > since) await advanceCursor(pool, page.Last);
    return { stableStudies, cursor: Math.max(since, page.Last), done: page.Done };
  }

  /** Polls until the feed is read to its end (for tests and one-shot runs). */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.pollOnce();
      total += result.stableStudies;
      if (result.done) return total;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops after the change in progress (its transaction completes); resolves when stopped. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const { logger } = this.ctx;
    let initialised = false;
    while (this.running) {
      let pause = this.pollIntervalMs;
      try {
        if (!initialised) {
          await this.initCursor();
          initialised = true;
        }
        const result = await this.pollOnce();
        if (this.failures > 0) logger.info('change feed reachable again');
        this.failures = 0;
        if (!result.done) pause = 0;
      } catch (error) {
        this.failures++;
        pause = Math.min(this.maxBackoffMs, this.pollIntervalMs * 2 ** Math.min(this.failures, 10));
        logger.warn({ err: error, retryInMs: pause, failures: this.failures }, 'change feed poll failed');
      }
      if (pause > 0 && this.running) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
