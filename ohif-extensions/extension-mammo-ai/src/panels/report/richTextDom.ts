/**
 * The clinician's notes between the editor's DOM (a contentEditable element, shaped by the browser's
 * editing commands) and the report model's rich text: paragraphs and bulleted lists of runs, bold
 * or italic. Nothing else survives: no HTML, links or styles reach the report.
 */
import type { RichText, RichTextBlock, TextRun } from '@sentinelle/reporting/report';

interface Style {
  readonly bold: boolean;
  readonly italic: boolean;
}

const PLAIN: Style = { bold: false, italic: false };
const BLOCK_TAGS = new Set(['DIV', 'P', 'H1', 'H2', 'H3', 'H4', 'BLOCKQUOTE', 'PRE']);
const LIST_TAGS = new Set(['UL', 'OL']);

function styleOf(element: HTMLElement, inherited: Style): Style {
  const tag = element.tagName;
  const weight = element.style.fontWeight;
  return {
    bold: inherited.bold || tag === 'B' || tag === 'STRONG' || weight === 'bold' || Number(weight) >= 600,
    italic: inherited.italic || tag === 'I' || tag === 'EM' || element.style.fontStyle === 'italic',
  };
}

/** Adjacent runs of the same style as one; no empty run; no-break spaces the editor adds kept as typed. */
function mergedRuns(runs: readonly TextRun[]): TextRun[] {
  const merged: TextRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = merged.at(-1);
    if (last && Boolean(last.bold) === Boolean(run.bold) && Boolean(last.italic) === Boolean(run.italic))
      merged[merged.length - 1] = { ...last, text: last.text + run.text };
    else merged.push(run);
  }
  return merged;
}

const run = (text: string, style: Style): TextRun => ({
  text,
  ...(style.bold ? { bold: true } : {}),
  ...(style.italic ? { italic: true } : {}),
});

/** Reads a subtree into blocks: block elements and line breaks end paragraphs, lists become list blocks. */
function readBlocks(root: Node): RichTextBlock[] {
  const blocks: RichTextBlock[] = [];
  let line: TextRun[] = [];
  const endLine = () => {
    const runs = mergedRuns(line);
    if (runs.some((r) => r.text.trim() !== '')) blocks.push({ kind: 'paragraph', runs });
    line = [];
  };
  const listItems = (list: Element): TextRun[][] =>
    [...list.children]
      .filter((child) => child.tagName === 'LI')
      .map((item) => mergedRuns(readBlocks(item).flatMap(blockRuns)))
      .filter((runs) => runs.some((r) => r.text.trim() !== ''));
  const walk = (node: Node, style: Style) => {
    if (node.nodeType === Node.TEXT_NODE) {
      line.push(run(node.textContent ?? '', style));
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    if (node.tagName === 'BR') return endLine();
    if (LIST_TAGS.has(node.tagName)) {
      endLine();
      const items = listItems(node);
      if (items.length) blocks.push({ kind: 'list', items });
      return;
    }
    const block = BLOCK_TAGS.has(node.tagName) || node.tagName === 'LI';
    if (block) endLine();
    for (const child of node.childNodes) walk(child, styleOf(node, style));
    if (block) endLine();
  };
  for (const child of root.childNodes) walk(child, PLAIN);
  endLine();
  return blocks;
}

/** A list item's content is one line: its paragraphs' runs, separated by a space. */
function blockRuns(block: RichTextBlock, index: number): TextRun[] {
  const runs = block.kind === 'paragraph' ? block.runs : block.items.flat();
  return index === 0 ? runs : [{ text: ' ' }, ...runs];
}

export function richTextOf(editor: HTMLElement): RichText {
  return readBlocks(editor);
}

function runNode(document: Document, textRun: TextRun): Node {
  let node: Node = document.createTextNode(textRun.text);
  if (textRun.italic) {
    const italic = document.createElement('i');
    italic.append(node);
    node = italic;
  }
  if (textRun.bold) {
    const bold = document.createElement('b');
    bold.append(node);
    node = bold;
  }
  return node;
}

/** Fills the editor with the notes, as elements (never parsed HTML). */
export function showRichText(editor: HTMLElement, notes: RichText): void {
  const document = editor.ownerDocument;
  const nodes = notes.map((block) => {
    if (block.kind === 'paragraph') {
      const paragraph = document.createElement('div');
      paragraph.append(...block.runs.map((r) => runNode(document, r)));
      return paragraph;
    }
    const list = document.createElement('ul');
    for (const item of block.items) {
      const entry = document.createElement('li');
      entry.append(...item.map((r) => runNode(document, r)));
      list.append(entry);
    }
    return list;
  });
  editor.replaceChildren(...nodes);
}
