import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Prec } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';
import { keymap } from '@codemirror/view';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { SANDBOX_SCHEMA } from '../sandbox-schema.ts';

/** SQL colours from CSS variables, so light and dark themes both read well. */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--cm-number)' },
  { tag: tags.comment, color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.standard(tags.name)], color: 'var(--cm-function)' },
  { tag: [tags.operator, tags.punctuation], color: 'var(--cm-operator)' },
  { tag: tags.typeName, color: 'var(--cm-type)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--code-bg)', color: 'var(--fg)', fontSize: '13px', borderRadius: '6px', border: '1px solid var(--border)' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--hover)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
});

export interface SqlEditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** Shift+Enter. */
  readonly onRun: () => void;
  /** Ctrl/⌘+Shift+Enter. */
  readonly onRunAll?: () => void;
  readonly label: string;
}

/** A CodeMirror 6 SQL editor; Shift+Enter runs the cell. */
export function SqlEditor(props: SqlEditorProps) {
  let host!: HTMLDivElement;
  let view: EditorView | undefined;
  onMount(() => {
    view = new EditorView({
      parent: host,
      doc: props.value,
      extensions: [
        Prec.highest(
          keymap.of([
            { key: 'Shift-Enter', run: () => (props.onRun(), true) },
            { key: 'Mod-Shift-Enter', run: () => (props.onRunAll?.(), true) },
          ]),
        ),
        basicSetup,
        sql({ dialect: PostgreSQL, schema: SANDBOX_SCHEMA, upperCaseKeywords: true }),
        syntaxHighlighting(highlight),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) props.onChange(u.state.doc.toString());
        }),
      ],
    });
    onCleanup(() => view?.destroy());
  });
  // Outside changes (undo, reload) replace the text; our own typing already matches.
  createEffect(() => {
    const v = props.value;
    if (view && view.state.doc.toString() !== v) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: v } });
  });
  return <div ref={host} class="sql-editor" data-testid="sql-editor" />;
}
