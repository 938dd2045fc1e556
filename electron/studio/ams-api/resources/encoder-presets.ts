/**
 * AMS transform outputs ⇄ the studio's transform definitions. BuiltInStandardEncoderPreset names
 * are the studio's built-in transforms (whatever presets the encoder has: new ones flow through by
 * name); a StandardEncoderPreset goes through the encoder's own mapping (encoding/standard-encoder-preset.ts,
 * the one the CLI and UI import/export use), which refuses what it cannot honour by the field's path.
 */
import type { TransformData } from '../../api/contract.ts';
import { definitionFromStandardPreset, PresetFieldError, STANDARD_ENCODER_PRESET, standardPresetFromDefinition } from '../../encoding/standard-encoder-preset.ts';
import { TransformDefinitionError } from '../../encoding/transform-definition.ts';
import { notSupported, badRequest } from '../arm-error.ts';

type Json = Record<string, unknown>;
type Definition = TransformData['definition'];

const BUILTIN = '#Microsoft.Media.BuiltInStandardEncoderPreset';

const odataType = (v: unknown): string => String((v as Json | null)?.['@odata.type'] ?? '');

/** The ARM preset of a studio transform that has no ARM body stored (made in the desktop UI). */
export function presetOf(t: TransformData): Json {
  if (t.builtin) return { '@odata.type': BUILTIN, presetName: t.name };
  try {
    return standardPresetFromDefinition(t.definition);
  } catch (err) {
    // A ladder AMS has no StandardEncoderPreset for (an AV1 or per-source one): named as it is.
    if (err instanceof TransformDefinitionError) return { '@odata.type': BUILTIN, presetName: t.name };
    throw err;
  }
}

/** The studio definition an ARM transform's outputs describe; builtIns: the studio's built-in transforms. */
export function definitionOf(name: string, description: string, outputs: unknown, builtIns: readonly TransformData[]): Definition {
  if (!Array.isArray(outputs) || outputs.length === 0) throw badRequest('properties.outputs must hold one output with a preset.');
  if (outputs.length > 1) throw notSupported('A transform with more than one output', 'the studio runs one preset per transform; make one transform per preset.');
  const preset = (outputs[0] as Json).preset as Json | undefined;
  const type = odataType(preset);
  if (type === BUILTIN) {
    const presetName = String(preset?.presetName ?? '');
    const builtIn = builtIns.find((b) => b.name.toLowerCase() === presetName.toLowerCase());
    if (!builtIn) {
      throw notSupported(`The built-in preset "${presetName}"`, `the studio has ${builtIns.map((b) => b.name).join(', ')}.`);
    }
    if (preset?.configurations !== undefined) throw notSupported('BuiltInStandardEncoderPreset.configurations (content-aware encoding settings)');
    return { ...builtIn.definition, name, description: description || builtIn.definition.description };
  }
  if (type === STANDARD_ENCODER_PRESET) {
    try {
      return definitionFromStandardPreset(preset, name, description);
    } catch (err) {
      if (err instanceof PresetFieldError) throw badRequest(`properties.outputs[0].preset.${err.path}: ${err.detail}`);
      throw err;
    }
  }
  throw notSupported(`The preset ${type || '(without @odata.type)'}`, 'the studio runs BuiltInStandardEncoderPreset and StandardEncoderPreset (analyzer and face presets are not available).');
}
