// A synthetic two-topic corpus for the word2vec tests: each line draws its words from one topic (a0..a9
// or b0..b9) mixed with shared filler words, so trained neighbours should stay within a topic.
import { writeFileSync } from 'node:fs';

export function topicLines(lines = 2000, seed = 7): string[][] {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: string[][] = [];
  for (let i = 0; i < lines; i++) {
    const topic = i % 2 ? 'a' : 'b';
    const line: string[] = [];
    for (let j = 0; j < 12; j++) line.push(next() < 0.25 ? `the${Math.floor(next() * 3)}` : `${topic}${Math.floor(next() * 10)}`);
    out.push(line);
  }
  return out;
}

export function writeTopicCorpus(path: string, lines?: number): void {
  writeFileSync(path, topicLines(lines).map((l) => l.join(' ')).join('\n') + '\n');
}
