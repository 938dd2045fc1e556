import type { EndpointSettingsData } from '@contract';

type Rule = EndpointSettingsData['ipAllow'][number];

/** The allow list as the panel's text: one rule a line, `address[/prefix] [name]`. */
export function ipAllowToText(rules: readonly Rule[]): string {
  return rules.map((r) => `${r.address}${r.subnetPrefixLength !== undefined ? `/${r.subnetPrefixLength}` : ''}${r.name !== r.address ? ` ${r.name}` : ''}`).join('\n');
}

/**
 * Reads the panel's text back into rules; blank lines and `#` comments are skipped. The studio checks
 * the addresses when it saves (and names the rule at fault); here only the shape of a line is read.
 */
export function ipAllowFromText(text: string): Rule[] | { error: string } {
  const rules: Rule[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/#.*/, '').trim();
    if (!line) continue;
    const [target = '', ...nameWords] = line.split(/\s+/);
    const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(target);
    if (!m?.[1]) return { error: `Line ${i + 1}: "${target}" is not an address or address/prefix (e.g. 192.168.1.0/24).` };
    const name = nameWords.join(' ') || m[1];
    rules.push({ name: name.slice(0, 100), address: m[1], ...(m[2] !== undefined && { subnetPrefixLength: Number(m[2]) }) });
  }
  return rules;
}
