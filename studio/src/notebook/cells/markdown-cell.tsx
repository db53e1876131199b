import { createSignal, Show } from 'solid-js';
import { renderMarkdown } from '../../lib/markdown.ts';
import type { CellOf } from '../notebook-state.ts';

/** A note: rendered markdown; double-click (or Enter) to edit, Escape or blur to finish. */
export function MarkdownCell(props: { readonly cell: CellOf<'markdown'>; readonly onChange: (cell: CellOf<'markdown'>) => void; readonly canEdit: boolean }) {
  const [editing, setEditing] = createSignal(false);
  return (
    <Show
      when={editing()}
      fallback={
        // eslint-disable-next-line solid/no-innerhtml -- renderMarkdown escapes all text first
        <div class="markdown" innerHTML={renderMarkdown(props.cell.source)} onDblClick={() => props.canEdit && setEditing(true)} onKeyDown={(e) => e.key === 'Enter' && props.canEdit && setEditing(true)} tabIndex={0} title={props.canEdit ? 'Double-click to edit' : undefined} />
      }
    >
      <textarea
        class="markdown-editor"
        value={props.cell.source}
        rows={Math.max(3, props.cell.source.split('\n').length + 1)}
        ref={(el) => queueMicrotask(() => el.focus())}
        onInput={(e) => props.onChange({ ...props.cell, source: e.currentTarget.value })}
        onBlur={() => setEditing(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || (e.key === 'Enter' && e.shiftKey)) {
            e.preventDefault();
            setEditing(false);
          }
        }}
        aria-label="Markdown"
      />
    </Show>
  );
}
