// --help text laid out for the terminal it is read in: citty's usage re-flowed to the width (stdout's columns,
// else $COLUMNS, else 80), option names in kebab-case (--max-len, as they are typed), descriptions wrapped under
// their option when the names are long, and colour only on a terminal without NO_COLOR.
import { pc } from './output.js';

const ANSI = /\u001b\[[0-9;]*m/g;

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // A long alternation (demo|similar|…) may break after a bar.
  const words = text.split(/\s+/).filter(Boolean).flatMap((w) => (w.length > width ? w.split(/(?<=\|)/) : [w]));
  for (const word of words) {
    const glue = line.endsWith('|') ? '' : ' ';
    if (line && line.length + glue.length + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line}${glue}${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/**
 * Re-flow citty's usage text to `width` columns.
 * @example layoutUsage(await renderUsage(cmd), 80)
 */
export function layoutUsage(text: string, width = process.stdout.columns || Number(process.env.COLUMNS) || 80): string {
  const plain = text.replace(ANSI, '').replace(/--([a-z]+(?:[A-Z][a-z0-9]*)+)/g, (_, n: string) => '--' + n.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
  const out: string[] = [];
  let rows: [string, string][] = [];
  const flush = () => {
    if (!rows.length) return;
    const col = Math.min(28, Math.max(...rows.map(([n]) => n.length)));
    for (const [name, desc] of rows) {
      const fits = name.length <= col;
      const indent = fits ? 2 + col + 3 : 8;
      const body = wrap(desc, Math.max(20, width - indent));
      if (fits) out.push(`  ${pc.cyan(name.padEnd(col))}   ${body[0] ?? ''}`, ...body.slice(1).map((l) => ' '.repeat(indent) + l));
      else out.push(`  ${pc.cyan(name)}`, ...body.map((l) => ' '.repeat(indent) + l));
    }
    rows = [];
  };
  let section = '';
  for (const raw of plain.split('\n')) {
    const line = raw.trimEnd();
    // Rows: options (-k, --name), positional arguments (WORD), subcommands (in COMMANDS).
    const row = (section === 'COMMANDS' ? /^\s+([a-z][\w-]*)\s{3,}(\S.*)$/ : /^\s+(-\S.*?|[A-Z][A-Z0-9_ ]*?)\s{3,}(\S.*)$/).exec(line);
    if (row) {
      rows.push([row[1], row[2]]);
      continue;
    }
    flush();
    if (/^(USAGE|ARGUMENTS|OPTIONS|EXAMPLES|COMMANDS)\b/.test(line)) {
      const [head, ...rest] = line.split(' ');
      section = head;
      out.push([pc.bold(pc.underline(head)), ...(rest.length ? [wrap(rest.join(' '), width - head.length - 1).join('\n' + ' '.repeat(head.length + 1))] : [])].join(' '));
    } else if (line.length > width && !line.startsWith('  ')) out.push(...wrap(line, width));
    else out.push(line);
  }
  flush();
  return out.join('\n');
}
