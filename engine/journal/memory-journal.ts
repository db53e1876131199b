import type { Clock } from '../loop/clock.ts';
import { chainEntry, GENESIS_HASH } from './chain.ts';
import type { Journal, JournalDraft, JournalEntry } from './journal.ts';

/** A Journal held in memory (tests, dry runs). Chains on append, so entries are always complete. */
export class MemoryJournal implements Journal {
  readonly entries: JournalEntry[] = [];
  constructor(private readonly clock: Clock) {}

  append(draft: JournalDraft): number {
    const n = this.entries.length;
    const prev = n > 0 ? this.entries[n - 1] : null;
    const entry = chainEntry(draft, prev === null ? 1 : prev.seq + 1, prev === null ? GENESIS_HASH : prev.hash, this.clock.now());
    this.entries.push(entry);
    return entry.seq;
  }

  async flush(): Promise<void> {}
}
