/**
 * code-layering: who may import whom (architecture.md, "The pieces and who may import whom").
 *
 * Each layer is a folder (or file) of the repository. An import is resolved to the file it names;
 * if that file lies in another layer, the importing layer must list it in `mayImport`. Bare
 * specifiers (packages, Node builtins) are checked against `denyPackages` and `allowNodeBuiltins`.
 * Resolving the path, instead of matching the import string, catches `../shell/x` from studio and
 * `../../electron/...` from anywhere alike.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Rule } from 'eslint';

export interface LayerSpec {
  /** Repository-relative folder or file, e.g. `electron/studio`. */
  readonly layer: string;
  /** Other layers this one may import from (its own is always allowed). */
  readonly mayImport: readonly string[];
  /** Package names (or prefixes ending in `/`) this layer must not import. */
  readonly denyPackages?: readonly string[];
  /** Whether Node builtins (`fs`, `node:fs`, ...) may be imported. Default true. */
  readonly allowNodeBuiltins?: boolean;
}

/** Bare specifiers that name a repository file (bundler/tsconfig aliases), repository-relative. */
export type LayerAliases = Readonly<Record<string, string>>;

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function layerOf(relFile: string, layers: readonly LayerSpec[]): LayerSpec | undefined {
  // Longest match first, so `electron/studio/api` wins over `electron/studio`.
  return [...layers]
    .sort((a, b) => b.layer.length - a.layer.length)
    .find((l) => relFile === l.layer || relFile.startsWith(l.layer + '/'));
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

const rule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import direction between the layers of the app' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, layers: { type: 'array' }, aliases: { type: 'object' } } }],
    messages: {
      layer: "Layer '{{from}}' may not import '{{spec}}' (layer '{{to}}'). Allowed: {{allowed}}.",
      builtin: "Layer '{{from}}' runs without Node: it may not import the Node builtin '{{spec}}'.",
      pkg: "Layer '{{from}}' may not import the package '{{spec}}'.",
    },
  },
  create(context) {
    const opts = (context.options[0] ?? {}) as { root?: string; layers?: LayerSpec[]; aliases?: LayerAliases };
    const root = opts.root ?? context.cwd;
    const layers = opts.layers ?? [];
    const aliases = opts.aliases ?? {};
    const relFile = path.relative(root, context.filename).split(path.sep).join('/');
    const found = layerOf(relFile, layers);
    if (!found) return {};
    const from: LayerSpec = found;

    function check(node: Rule.Node, spec: string): void {
      const aliased = Object.hasOwn(aliases, spec) ? aliases[spec] : undefined;
      if (aliased !== undefined || spec.startsWith('.') || spec.startsWith('/')) {
        const target = aliased !== undefined ? path.resolve(root, aliased) : path.resolve(path.dirname(context.filename), spec);
        const relTarget = path.relative(root, target).split(path.sep).join('/');
        const to = layerOf(relTarget, layers);
        if (!to || to.layer === from.layer) return;
        const allowed = from.mayImport.some((l) => relTarget === l || relTarget.startsWith(l + '/'));
        if (!allowed) {
          context.report({
            node,
            messageId: 'layer',
            data: { from: from.layer, spec, to: to.layer, allowed: from.mayImport.join(', ') || 'none' },
          });
        }
        return;
      }
      const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
      if (from.allowNodeBuiltins === false && (spec.startsWith('node:') || builtins.has(packageName(bare)))) {
        context.report({ node, messageId: 'builtin', data: { from: from.layer, spec } });
        return;
      }
      const denied = (from.denyPackages ?? []).some((d) =>
        d.endsWith('/') ? spec.startsWith(d) : packageName(spec) === d,
      );
      if (denied) context.report({ node, messageId: 'pkg', data: { from: from.layer, spec } });
    }

    function fromSource(node: Rule.Node & { source?: { value?: unknown } | null }): void {
      const value = node.source?.value;
      if (typeof value === 'string') check(node, value);
    }

    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value);
      },
    };
  },
};

export default { rules: { 'code-layering': rule } };
