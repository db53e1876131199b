import type { Store } from '../../data/index.ts';

// Executions under way in this process, per store, by run id.
const executing = new WeakMap<Store, Map<string, Promise<void>>>();

/**
 * Waits until no other execution of `runId` on `store` is under way in this process, then holds the id until the
 * returned release is called. Two identical requests (the API takes them concurrently) would otherwise execute side
 * by side under one run id, interleaving their journal entries; held in turn, the second finds the first's stored
 * run and is answered from it, or with a rerun executes after it. (Other processes cannot write the file meanwhile.)
 */
export async function claimRun(store: Store, runId: string): Promise<() => void> {
  let runs = executing.get(store);
  if (runs === undefined) executing.set(store, (runs = new Map()));
  for (let busy = runs.get(runId); busy !== undefined; busy = runs.get(runId)) await busy;
  let done!: () => void;
  const held = new Promise<void>((resolve) => (done = resolve));
  runs.set(runId, held);
  return () => {
    if (runs.get(runId) === held) runs.delete(runId);
    done();
  };
}
