import type { Resource } from 'solid-js';

/**
 * A resource's value, or undefined while it loads or after it failed. Reading a failed resource throws, and a
 * throw inside a memo, a prop or a `<Show when>` stops Solid's update: the page stays on "Loading…" and never
 * shows the error. Read a resource through this wherever its error is not already checked first.
 */
export function settled<T>(resource: Resource<T>): T | undefined {
  return resource.error === undefined ? resource() : undefined;
}
