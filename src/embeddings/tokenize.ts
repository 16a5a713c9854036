// A tokenizer that splits text the way GloVe's corpus was split (Stanford PTB-style, lower-cased):
// punctuation becomes its own token, clitics split off ("don't" → "do", "n't"; "bank's" → "bank", "'s"),
// while numbers (3.5, 1,000), abbreviations (u.s.), hyphenated words and inner apostrophes (o'neill)
// stay whole. Not a full PTB tokenizer: no quote rewriting, no sentence splitting.

/**
 * Numbers with separators | abbreviations | words (inner - ' ’ &) | ... | -- | a flag (two regional indicators) |
 * an emoji with its skin tone, variation selector and zero-width-joined parts (one grapheme: 👍🏽, ❤️, 👨‍👩‍👧) |
 * any other character with its combining marks.
 */
const TOKEN = /\d+(?:[.,:/]\d+)+|(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:[-'’&][\p{L}\p{M}\p{N}]+)*|\.\.\.|--|\p{RI}{2}|\p{Extended_Pictographic}[\p{Emoji_Modifier}\p{M}]*(?:\u200d\p{Extended_Pictographic}[\p{Emoji_Modifier}\p{M}]*)*|\S\p{M}*/gu;
const NOT = /^(.+)n['’]t$/;
const CLITIC = /^(.+)['’](s|re|ve|ll|d|m)$/;

/**
 * Lower-cased GloVe-style tokens of `text`.
 * @example tokenize("He didn't see the bank's river-side."); // ['he', 'did', "n't", 'see', 'the', 'bank', "'s", 'river-side', '.']
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const [token] of text.toLowerCase().matchAll(TOKEN)) {
    const not = NOT.exec(token);
    const clitic = not ? null : CLITIC.exec(token);
    if (not) out.push(not[1], "n't");
    else if (clitic) out.push(clitic[1], `'${clitic[2]}`);
    else out.push(token);
  }
  return out;
}
