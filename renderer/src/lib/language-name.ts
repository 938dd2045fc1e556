const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** "German (de)" for a player's language code (de, deu, pt-BR …); the code alone when unknown. */
export function languageName(code: string): string {
  if (!code || code === 'und') return 'undetermined';
  let name: string | undefined;
  try {
    name = names.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code})` : code;
}
