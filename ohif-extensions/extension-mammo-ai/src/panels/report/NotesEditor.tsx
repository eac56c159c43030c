import type { RichText } from '@sentinelle/reporting/report';
import { useEffect, useRef } from 'react';
import { t } from '../../i18n';
import { button } from '../panelStyles';
import { richTextOf, showRichText } from './richTextDom';

const COMMANDS = [
  { command: 'bold', label: 'report.bold', style: { fontWeight: 700 } },
  { command: 'italic', label: 'report.italic', style: { fontStyle: 'italic' } },
  { command: 'insertUnorderedList', label: 'report.list', style: {} },
] as const;

/**
 * The clinician's notes: a small rich-text editor (bold, italic, bulleted list). The browser edits
 * the DOM; each change is read back as the report's rich text. The notes are shown once per draft
 * version (`version`), not on every change, so that typing keeps its caret.
 */
export function NotesEditor(props: {
  readonly notes: RichText;
  readonly version: number;
  readonly onChange: (notes: RichText) => void;
}) {
  const editor = useRef<HTMLDivElement>(null);
  const { notes, version, onChange } = props;
  const shown = useRef<number | null>(null);
  useEffect(() => {
    if (!editor.current || shown.current === version) return;
    shown.current = version;
    showRichText(editor.current, notes);
  }, [notes, version]);

  const format = (command: string) => {
    editor.current?.focus();
    // execCommand is the one editing API every browser's contentEditable has; its output is read
    // back by richTextOf, which keeps only what the report model holds.
    document.execCommand(command);
    if (editor.current) onChange(richTextOf(editor.current));
  };

  return (
    <div>
      <div>
        {COMMANDS.map(({ command, label, style }) => (
          <button
            key={command}
            type="button"
            data-testid={`notes-${command}`}
            style={{ ...button, ...style }}
            // Keeps the selection in the editor when the button is pressed.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => format(command)}
          >
            {t(label)}
          </button>
        ))}
      </div>
      <div
        ref={editor}
        data-testid="report-notes"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline
        aria-label={t('report.notes')}
        onInput={(e) => onChange(richTextOf(e.currentTarget))}
        style={{ minHeight: 60, background: '#fff', color: '#000', padding: 4, borderRadius: 2 }}
      />
    </div>
  );
}
