import { UI_FORMATS, type FormatKey } from '@contract';

export type { FormatKey };

/** The named formats in the order the UI lists them, with their names (packaging-core's format table). */
export const FORMATS: readonly { key: FormatKey; label: string }[] = UI_FORMATS.map((f) => ({ key: f.key, label: f.name }));
