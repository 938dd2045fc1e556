/**
 * Transform files: what `transforms.import` reads and `transforms.export` writes. A file may hold the
 * studio's own definition JSON, an AMS StandardEncoderPreset (or BuiltInStandardEncoderPreset), or a
 * whole AMS transform (`{ "properties": { "outputs": [{ "preset": … }] } }`, as the portal and the
 * REST API show it). AMS presets are mapped by standard-encoder-preset.ts, the one mapping.
 */
import path from 'node:path';
import { definitionFromStandardPreset, STANDARD_ENCODER_PRESET, standardPresetFromDefinition } from './standard-encoder-preset.ts';
import { exportTransformJson, parseTransformDefinition, type TransformDefinition, TransformDefinitionError } from './transform-definition.ts';

const BUILTIN = '#Microsoft.Media.BuiltInStandardEncoderPreset';
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ImportOptions {
  /** The transform's name; default: the preset's own (studio JSON, ARM transform) or the file's name. */
  readonly name?: string | undefined;
  /** The file the text came from (its name names an AMS preset, which has none). */
  readonly fileName?: string | undefined;
  /** A built-in preset's definition by name (BuiltInStandardEncoderPreset). */
  readonly builtIn: (name: string) => TransformDefinition | null;
}

/** A transform name from a file name: `my preset.json` → `my preset`, other characters → `_`. */
export function nameFromFileName(file: string): string {
  const stem = path.basename(file).replace(/\.(transform\.)?json$/i, '').replace(/\.preset$/i, '');
  return stem.replace(/[^A-Za-z0-9 _.-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
}

export function importTransformText(text: string, opts: ImportOptions): TransformDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TransformDefinitionError(`The transform file is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(value)) throw new TransformDefinitionError('The transform file must hold a JSON object.');
  // An AMS transform: { name?, properties: { description?, outputs: [{ preset }] } } or its properties.
  const props = isObject(value.properties) ? value.properties : value;
  let preset: unknown = value;
  let armName: string | undefined;
  let description = '';
  if (Array.isArray(props.outputs)) {
    if (props.outputs.length !== 1) throw new TransformDefinitionError('properties.outputs: the studio runs one preset per transform; give exactly one output.');
    preset = isObject(props.outputs[0]) ? props.outputs[0].preset : undefined;
    if (!isObject(preset)) throw new TransformDefinitionError('properties.outputs[0].preset: missing.');
    armName = typeof value.name === 'string' ? value.name : undefined;
    description = typeof props.description === 'string' ? props.description : '';
  }
  if (!isObject(preset) || typeof preset['@odata.type'] !== 'string') {
    const definition = parseTransformDefinition(value);
    return opts.name ? parseTransformDefinition({ ...definition, name: opts.name }) : definition;
  }
  const name = opts.name ?? armName ?? (opts.fileName ? nameFromFileName(opts.fileName) : '');
  if (!name) throw new TransformDefinitionError('An AMS preset has no name of its own: give the transform a name.');
  const type = preset['@odata.type'];
  if (type === BUILTIN) {
    const presetName = String(preset.presetName ?? '');
    const builtIn = opts.builtIn(presetName);
    if (!builtIn) throw new TransformDefinitionError(`presetName: the built-in preset "${presetName}" is not one of the studio's (transforms list shows them).`);
    if (preset.configurations !== undefined && !builtIn.contentAware) throw new TransformDefinitionError('configurations: only content-aware presets take PresetConfigurations.');
    const configurations = isObject(preset.configurations) ? preset.configurations : undefined;
    return parseTransformDefinition({
      ...builtIn,
      name,
      description: description || builtIn.description,
      ...(configurations && { contentAware: { ...builtIn.contentAware, ...contentAwareOf(configurations) } }),
    });
  }
  if (type !== STANDARD_ENCODER_PRESET) {
    throw new TransformDefinitionError(`@odata.type: the preset ${JSON.stringify(type)} is not supported; the studio runs StandardEncoderPreset and BuiltInStandardEncoderPreset.`);
  }
  return parseTransformDefinition(definitionFromStandardPreset(preset, name, description));
}

/** AMS PresetConfigurations → the studio's content-aware settings (each field named when refused). */
function contentAwareOf(c: Json): Record<string, unknown> {
  const map: Record<string, string> = { minBitrateBps: 'minBitrateKbps', maxBitrateBps: 'maxBitrateKbps', minHeight: 'minHeight', maxHeight: 'maxHeight', maxLayers: 'maxLayers', complexity: '' };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) {
    if (!(k in map)) throw new TransformDefinitionError(`configurations.${k}: not supported (the studio maps ${Object.keys(map).join(', ')}).`);
    if (k === 'complexity') continue; // the transform's own complexity stays; AMS's applies to the analysis speed only
    out[map[k]!] = k.endsWith('Bps') ? Math.round(Number(v) / 1000) : Number(v);
  }
  return out;
}

export type ExportFormat = 'studio' | 'ams';

/** The file text of a transform: the studio's JSON, or AMS's preset (built-in presets by name). */
export function exportTransformText(definition: TransformDefinition, format: ExportFormat, builtin: boolean): string {
  if (format === 'studio') return exportTransformJson(definition);
  const preset = builtin ? { '@odata.type': BUILTIN, presetName: definition.name } : standardPresetFromDefinition(parseTransformDefinition(definition));
  return `${JSON.stringify(preset, null, 2)}\n`;
}
