import type { Clock } from '../loop/clock.ts';
import { chainEntry, GENESIS_HASH } from './chain.ts';
import type { Journal, JournalDraft, JournalEntry } from './journal.ts';

/** A Journal held in memory (tests, dry runs). Chains on append, so entries are always complete. */
export class MemoryJournal implements Journal {
  readonly entries: JournalEntry[] = [];
  constructor(private readonly clock: Clock) {}

  append(draft: JournalDraft): number {
    const prev = this.entries.at(-1);
    const entry = chainEntry(draft, (prev?.seq ?? 0) + 1, prev?.hash ?? GENESIS_HASH, this.clock.now());
    this.entries.push(entry);
    return entry.seq;
  }

  async flush(): Promise<void> {}
}
