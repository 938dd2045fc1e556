/**
 * The title AMS recorded for an asset container: its encoder wrote the input metadata next to the
 * outputs — `<input asset id>_metadata.xml` (v2 and v3's Media Encoder Standard: `<AssetFiles><AssetFile
 * Name="Big Buck Bunny.mp4" …>`) or `<source>_metadata.json` (v3: `{"AssetFile":[{"Name":…}]}`) — naming
 * the source file the asset was encoded from. Its stem names the imported asset instead of the
 * container's `asset-<guid>`. The file is optional side data: absent, unreadable or without a name → null.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });

function first<T>(value: T | T[] | undefined): T | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function nameFromXml(text: string): string | undefined {
  const doc = parser.parse(text) as { AssetFiles?: { AssetFile?: { Name?: unknown } | { Name?: unknown }[] } };
  const name = first(doc.AssetFiles?.AssetFile)?.Name;
  return typeof name === 'string' ? name : undefined;
}

function nameFromJson(text: string): string | undefined {
  const doc = JSON.parse(text) as { AssetFile?: { Name?: unknown } | { Name?: unknown }[] };
  const name = first(doc.AssetFile)?.Name;
  return typeof name === 'string' ? name : undefined;
}

export async function amsSourceName(folder: string): Promise<string | null> {
  let entries: string[];
  try {
    entries = (await readdir(folder)).filter((f) => /_metadata\.(xml|json)$/i.test(f)).sort();
  } catch {
    return null;
  }
  for (const entry of entries) {
    try {
      const text = await readFile(path.join(folder, entry), 'utf8');
      const name = entry.toLowerCase().endsWith('.xml') ? nameFromXml(text) : nameFromJson(text);
      // Windows paths may appear in Name; keep the file's stem only.
      const stem = name ? path.parse(name.replaceAll('\\', '/')).name.trim() : '';
      if (stem) return stem;
    } catch {
      // Malformed side data does not block an import: the next file, else the container's name.
    }
  }
  return null;
}
