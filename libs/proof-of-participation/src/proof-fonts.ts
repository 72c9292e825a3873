/**
 * The proof's fonts ship in npm packages (no system font is ever looked up): Noto Sans for Latin,
 * Greek and Cyrillic (Polish included), Noto Sans SC for Chinese and Japanese script, which Noto
 * Sans lacks (and Noto Sans SC lacks most of Latin Extended-A, e.g. "ł"), so text is split into
 * runs by script. Both are SIL OFL 1.1; pdfkit embeds only the glyphs used (a subset).
 */
export type FontFace = 'text' | 'text-bold' | 'cjk' | 'cjk-bold';

export const FONT_FILES: Record<FontFace, string> = {
  text: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  'text-bold': require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  cjk: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  'cjk-bold': require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

/** Han, kana, CJK punctuation and full-width forms: what only the CJK font draws. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

export interface TextRun {
  text: string;
  face: FontFace;
}

/** Consecutive characters of one font, in order; joined, the runs are the text again. */
export function runsByScript(text: string, bold: boolean): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text) {
    const face: FontFace = CJK.test(char) ? (bold ? 'cjk-bold' : 'cjk') : bold ? 'text-bold' : 'text';
    const last = runs[runs.length - 1];
    if (last?.face === face) last.text += char;
    else runs.push({ text: char, face });
  }
  return runs;
}
