import { createResource } from 'solid-js';
import { createNotebook, listNotebooks } from '../api/endpoints.ts';

/** The signed-in user's notebooks (newest first) for the switcher, and creating a fresh one. */
export function createNotebookList(owner: () => string | undefined) {
  const [notebooks, { refetch }] = createResource(owner, async (o) => (await listNotebooks(o)).notebooks);
  return {
    notebooks,
    refetch,
    /** Creates an empty notebook with one note; returns its id. */
    async create(title = 'Untitled notebook'): Promise<string> {
      const body = await createNotebook(title, [{ id: 'notes', kind: 'markdown', source: `# ${title}\n` }]);
      void refetch();
      return body.id;
    },
  };
}
