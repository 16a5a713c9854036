// Dataset readers: the three formats as they ship, gold in the file or beside it, and every kind of bad row —
// a clear error naming file and line, or with skipBad a count of what was skipped and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSst2, readWic, readIdioms, textTokens, findSpan, AttnError } from '../../src/index.js';

const throwsAt = (fn: () => unknown, file: string, line: number, what: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AttnError && e.code === 'E_FORMAT' && e.details.file === file && e.details.line === line && what.test(e.message) && e.message.startsWith(`${file}:${line}: `));

test('SST-2: GLUE header, labels, trailing space; a file without a header; GLUE test without labels', () => {
  const r = readSst2('sentence\tlabel\nhide new secretions from the parental units \t0\na gorgeous film \t1\n', { file: 'train.tsv' });
  assert.deepEqual(r.examples.map((e) => [e.text, e.label, e.line]), [['hide new secretions from the parental units', 0, 2], ['a gorgeous film', 1, 3]]);
  assert.deepEqual(readSst2('good\t1\r\nbad\t0\r\n').examples.map((e) => e.label), [1, 0]);
  assert.deepEqual(readSst2('index\tsentence\n0\tit is fine\n').examples.map((e) => [e.text, e.label]), [['it is fine', null]]);
});

test('SST-2: bad rows name file and line; --skip-bad counts them', () => {
  const text = 'sentence\tlabel\nok \t1\nno label here\n \t0\nfine \t2\ngreat \t1\n';
  throwsAt(() => readSst2(text, { file: 'x.tsv' }), 'x.tsv', 3, /expected 2 tab-separated fields/);
  const r = readSst2(text, { file: 'x.tsv', skipBad: true });
  assert.deepEqual(r.examples.map((e) => e.text), ['ok', 'great']);
  assert.deepEqual(r.skipped.map((s) => [s.line, s.reason]), [
    [3, 'expected 2 tab-separated fields (sentence, label), got 1'],
    [4, 'the sentence is empty'],
    [5, "label '2' is not one of 0, 1"],
  ]);
  throwsAt(() => readSst2('', { file: 'e.tsv' }), 'e.tsv', 1, /no rows/);
});

const WIC = [
  'carry\tV\t2-1\tYou must carry your camping gear .\tSound carries well over water .',
  'bank\tN\t4-5\tHe sat on the bank .\tShe robbed the big bank today .',
].join('\n');

test('WiC: data + gold lines; labels T = 1 (same), F = 0; no gold gives null labels', () => {
  const r = readWic(WIC, { gold: 'F\nT\n' });
  assert.deepEqual(r.examples.map((e) => [e.word, e.pos, e.index1, e.index2, e.label]), [['carry', 'V', 2, 1, 0], ['bank', 'N', 4, 5, 1]]);
  assert.equal(r.examples[1].sentence2, 'She robbed the big bank today .');
  assert.deepEqual(readWic(WIC).examples.map((e) => e.label), [null, null]);
});

test('WiC: bad rows and bad gold name file and line; skipBad skips the pair', () => {
  const bad = `${WIC}\nbank\tN\t4-9\tHe sat on the bank .\tShort one .\nx\tN\t1\ta b\tc d\nonly\tfour\tfields\there`;
  throwsAt(() => readWic(bad, { file: 'd.txt', gold: 'F\nT\nT\nF\nT' }), 'd.txt', 3, /index 9 is past the end of sentence 2 \(3 tokens\)/);
  const r = readWic(bad, { file: 'd.txt', gold: 'F\nT\nT\nF\nT', skipBad: true });
  assert.equal(r.examples.length, 2);
  assert.deepEqual(r.skipped.map((s) => s.line), [3, 4, 5]);
  assert.match(r.skipped[1].reason, /not of the form i-j/);
  assert.match(r.skipped[2].reason, /expected 5 tab-separated fields/);
  throwsAt(() => readWic(WIC, { file: 'd.txt', gold: 'F\nmaybe', goldFile: 'g.txt' }), 'g.txt', 2, /label 'maybe' is not one of T, F/);
  throwsAt(() => readWic(WIC, { file: 'd.txt', gold: 'F', goldFile: 'g.txt' }), 'g.txt', 2, /gold file has 1 lines but the data file d.txt has 2/);
});

const HEADER = 'DataID,Language,MWE,Setting,Previous,Target,Next,Label\r\n';

test('idioms: quoted fields with commas, quotes and line breaks; line numbers of each record; PT rows filtered', () => {
  const text = HEADER +
    'a.1,EN,double dutch,zero_shot,"Before, she said ""hi"".","The term “Double Dutch.”",After.,0\r\n' +
    'a.2,PT,banho maria,zero_shot,,Um banho maria.,,1\r\n' +
    'a.3,EN,big fish,zero_shot,"Two\r\nlines",He caught a big fish.,,1\r\n' +
    'a.4,EN,big fish,zero_shot,,Big fishes swim.,,1\r\n';
  const r = readIdioms(text, { file: 't.csv' });
  assert.deepEqual(r.examples.map((e) => [e.id, e.mwe, e.label, e.line]), [['a.1', 'double dutch', 0, 2], ['a.3', 'big fish', 1, 4], ['a.4', 'big fish', 1, 6]]);
  assert.equal(r.examples[0].previous, 'Before, she said "hi".');
  assert.equal(r.examples[1].previous, 'Two\r\nlines');
  assert.deepEqual(r.filtered, { 'language PT (the word vectors are English)': 1 });
  assert.equal(readIdioms(text, { languages: ['EN', 'PT'] }).examples.length, 4);
});

test('idioms: gold in a separate CSV joined by ID (dev.csv + dev_gold.csv layout)', () => {
  const data = 'ID,Language,MWE,Previous,Target,Next\n7,EN,graveyard shift,,I work the graveyard shift.,\n8,EN,graveyard shift,,A graveyard shift of soil.,\n';
  const gold = 'ID,DataID,Language,Label\n8,dev.EN.1.2,EN,1\n7,dev.EN.1.1,EN,0\n';
  const r = readIdioms(data, { file: 'dev.csv', gold, goldFile: 'dev_gold.csv' });
  assert.deepEqual(r.examples.map((e) => [e.id, e.label]), [['7', 0], ['8', 1]]);
  throwsAt(() => readIdioms(data, { file: 'dev.csv', gold: 'ID,Label\n7,0\n', goldFile: 'g.csv' }), 'dev.csv', 3, /no gold label for ID 8 in g.csv/);
  assert.deepEqual(readIdioms(data).examples.map((e) => e.label), [null, null]);
});

test('idioms: bad rows (field count, label, missing expression, unterminated quote) with file and line', () => {
  const text = HEADER + 'a.1,EN,big fish,z,,A big fish.,,0\na.2,EN,big fish,z,,A big fish.,,7\na.3,EN,big fish,z,,No such words.,,1\na.4,EN,big fish\n';
  throwsAt(() => readIdioms(text, { file: 'b.csv' }), 'b.csv', 3, /label '7' is not one of 0, 1/);
  const r = readIdioms(text, { file: 'b.csv', skipBad: true });
  assert.equal(r.examples.length, 1);
  assert.deepEqual(r.skipped.map((s) => s.line), [3, 4, 5]);
  assert.match(r.skipped[1].reason, /"big fish" does not occur in the Target sentence/);
  assert.match(r.skipped[2].reason, /expected 8 fields/);
  // An unterminated quote makes the rest unreadable: an error even with skipBad.
  throwsAt(() => readIdioms(HEADER + 'a.1,EN,big fish,z,"never closed,A big fish.,,0\n', { file: 'q.csv', skipBad: true }), 'q.csv', 2, /never closed/);
  throwsAt(() => readIdioms('Foo,Bar\n1,2\n', { file: 'h.csv' }), 'h.csv', 1, /the header lacks language, mwe, target, ID or DataID/);
});

test('tokens: detached clitics stay whole (GLUE text), raw text is tokenised; expressions found when inflected or hyphenated', () => {
  assert.deepEqual(textTokens("it 's not a bad film , is n't it"), ['it', "'s", 'not', 'a', 'bad', 'film', ',', 'is', "n't", 'it']);
  assert.deepEqual(textTokens("It's not bad."), ['it', "'s", 'not', 'bad', '.']);
  assert.deepEqual(findSpan(['the', 'graveyard', 'shifts', 'end'], ['graveyard', 'shift']), [1, 3]);
  assert.deepEqual(findSpan(['space', 'traffic', 'controllers'], ['traffic', 'control']), [1, 3]);
  assert.deepEqual(findSpan(['blue', 'polo', 'shirt-khaki', 'shorts'], ['polo', 'shirt']), [1, 3]);
  assert.deepEqual(findSpan(['a', 'big', 'fish', 'and', 'big', 'fish'], ['big', 'fish']), [1, 3]);
  assert.equal(findSpan(['big', 'cat'], ['big', 'fish']), null);
});
