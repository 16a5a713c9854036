// `attn attend … --svg FILE`: a standalone SVG heatmap that is well-formed XML whatever the words, holds every word
// (escaped) and every weight (in <title> tooltips), and is written atomically after its path was checked up front.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attn } from './_run.js';
import { heatmapSvg, xmlText } from '../../cli/render/heatmap-svg.js';

const dir = mkdtempSync(join(tmpdir(), 'attn-svg-'));

// A strict well-formedness check (XML 1.0): one root, tags nest and close, attributes quoted, only the five named
// entities and character references, no raw < or & in text, no character XML cannot hold. Returns the problem or null.
function xmlProblem(xml: string): string | null {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)) return 'a character XML cannot hold';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(xml)) return 'a lone surrogate';
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const re = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(re)) {
    const [, close, name, attrs, selfClose, text, stray] = m;
    if (stray) return `a raw < at ${m.index}`;
    const chars = text ?? attrs ?? '';
    const bad = chars.match(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    if (bad) return `a raw & near ${JSON.stringify(chars.slice(Math.max(0, bad.index! - 10), bad.index! + 10))}`;
    if (text) {
      if (stack.length === 0 && text.trim()) return 'text outside the root';
      continue;
    }
    if (close) {
      if (stack.pop() !== name) return `</${name}> closes nothing open`;
    } else {
      if (stack.length === 0 && ++roots > 1) return 'two root elements';
      if (!selfClose) stack.push(name);
    }
  }
  return stack.length ? `<${stack.at(-1)}> is not closed` : roots === 1 ? null : 'no root element';
}

test('the XML check itself refuses what is not well-formed', () => {
  for (const bad of ['<a><b></a>', '<a>x < y</a>', '<a>&nbsp;</a>', '<a t=x/>', '<a/><b/>', '<a>\u0001</a>', '<a>']) assert.ok(xmlProblem(bad), bad);
  assert.equal(xmlProblem('<?xml version="1.0"?>\n<a k="1"><b/>&amp;&#x41;</a>\n'), null);
});

test('attend --svg writes a well-formed SVG with every word escaped and every weight in a tooltip', () => {
  const file = join(dir, 'hostile.svg');
  const r = attn(['attend', 'the <bank> & "river" grows', '--unknown', 'skip', '--svg', file, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const { tokens, weights } = JSON.parse(r.stdout); // --json still prints the result
  assert.match(r.stderr, new RegExp(`wrote .*hostile\\.svg \\(${tokens.length}×${tokens.length} weights\\)`));
  const svg = readFileSync(file, 'utf8');
  assert.equal(xmlProblem(svg), null);
  assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(tokens.includes('<') && tokens.includes('&') && tokens.includes('"'), `${tokens}`);
  for (const w of tokens) assert.ok(svg.includes(`<title>${xmlText(w)}</title>`), `word ${w} missing`);
  assert.ok(!svg.includes('<bank') && !/&(?!(amp|lt|gt|quot|apos);)/.test(svg));
  const tips = [...svg.matchAll(/<rect [^>]*><title>([^<]*): (\d\.\d{6})<\/title><\/rect>/g)];
  assert.equal(tips.length, tokens.length ** 2);
  tips.forEach((m, k) => assert.ok(Math.abs(Number(m[2]) - weights[Math.floor(k / tokens.length)][k % tokens.length]) < 1e-6, m[0]));
  assert.ok(svg.includes('url(#scale)') && svg.includes('<linearGradient id="scale"'), 'no colour scale');
  // a second opinion where Python is installed
  const py = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])', file], { encoding: 'utf8' });
  if (py.error === undefined) assert.equal(py.status, 0, py.stderr);
});

test('heatmapSvg: control characters, lone surrogates, CDATA ends and markup in words stay text', () => {
  const words = ['a\u0001b', ']]>', '<script>alert(1)</script>', "it's", 'x\ud800', 'é😀', 'a'.repeat(60), '\u2028'];
  const T = words.length;
  const svg = heatmapSvg(words, words, Array.from({ length: T * T }, (_, k) => (k % (T + 1) === 0 ? 0.9 : 0.1 / (T - 1))));
  assert.equal(xmlProblem(svg), null);
  assert.ok(!svg.includes('<script') && svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(svg.includes('a\\u0001b') && svg.includes('x\\ud800') && svg.includes('it&apos;s') && svg.includes(']]&gt;') && svg.includes('é😀'));
  assert.ok(svg.includes(`<title>${'a'.repeat(60)}</title>${'a'.repeat(23)}…</text>`), 'a long word is cut on the axis, whole in its title');
});

test('--svg: the output is checked before any work; a failure leaves an old file as it was and no temporary file', () => {
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  const old = join(dir, 'old.svg');
  writeFileSync(old, 'old');
  const cases: [string[], number, RegExp][] = [
    [['attend', 'money bank grows', '--svg', folder], 1, /--svg .*a-folder: cannot be written \(it is a folder\)/],
    [['attend', 'money bank grows', '--svg', '/dev/null'], 1, /--svg \/dev\/null: cannot be written \(it is not a regular file\)/],
    [['attend', 'money bank grows', '--svg', join(old, 'under-a-file.svg')], 1, /cannot be written \(E(NOTDIR|EXIST)\)/],
    [['attend', 'money qzxv grows', '--svg', old], 1, /qzxv/],
    [['attend', Array.from({ length: 301 }, () => 'bank').join(' '), '--svg', old], 1, /--svg draws at most 300 words \(the sentence has 301\)/],
    [['attend', '--file', '-', '--svg', old], 2, /--svg draws one sentence/],
    [['attend', 'money bank grows', '--model', 'sst2', '--svg', old], 2, /--svg draws the parameter-free weights/],
    [['attend', 'money bank grows', '--svg'], 2, /--svg needs a value \(FILE\)/],
  ];
  for (const [args, code, re] of cases) {
    const r = attn(args, { input: '' });
    assert.equal(r.code, code, `attn ${args.slice(0, 3).join(' ')}…: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.split('\n').filter((l) => /^\s+at /.test(l)).length, 0, 'a stack trace');
  }
  assert.ok(statSync('/dev/null').isCharacterDevice());
  assert.equal(readFileSync(old, 'utf8'), 'old');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
  // and a good run replaces it whole
  assert.equal(attn(['attend', 'money bank grows', '--svg', old]).code, 0);
  assert.equal(xmlProblem(readFileSync(old, 'utf8')), null);
  assert.ok(existsSync(old) && readdirSync(dir).every((f) => !f.includes('.tmp-')));
});
