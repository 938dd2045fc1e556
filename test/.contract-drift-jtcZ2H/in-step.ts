/**
 * The contract's schemas checked against the studio's own types at compile time: each line is a
 * type-level equality (readonly aside), so a field added, removed or retyped on one side only fails
 * `tsc`. The contract owns the wire shape (it is shared with the renderer and cannot import studio
 * modules); the domain owns the rules. test/unit/studio/api/contract-drift.test.ts proves a drift fails.
 */
import type { z } from 'zod';
import type { FilterDefinition, KeyDeliveryPolicy } from '/work/wt/arch-core/packaging-core/index.ts';
import type * as api from '/work/wt/arch-core/electron/studio/api/contract.ts';
import type { Asset, EncryptionScheme, Job, JobError, JobProgress, JobState, StreamingLocator, StreamingPolicy } from '/work/wt/arch-core/electron/studio/catalog/types.ts';
import type { TransformDefinition } from '/work/wt/arch-core/electron/studio/encoding/transform-definition.ts';
import type { MediaInfo } from '/work/wt/arch-core/electron/studio/media/media-info.ts';

/** T with every readonly (arrays and properties, deeply) removed: the wire has no notion of it. */
type Writable<T> = T extends (infer E)[] | readonly (infer E)[]
  ? Writable<E>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

/** Exact type equality (not mutual assignability: optional vs required and extra fields count). */
type Same<A, B> = (<T>() => T extends Writable<A> ? 1 : 2) extends <T>() => T extends Writable<B> ? 1 : 2 ? true : false;
type Holds<T extends true> = T;
type Wire<S extends z.ZodType> = z.output<S>;

export type ContractMatchesDomain = [
  Holds<Same<MediaInfo, Wire<typeof api.mediaInfoSchema>>>,
  Holds<Same<Asset, Wire<typeof api.assetSchema>>>,
  Holds<Same<TransformDefinition, Wire<typeof api.transformDefinitionSchema>>>,
  Holds<Same<JobState, Wire<typeof api.jobStateSchema>>>,
  Holds<Same<JobProgress, Wire<typeof api.jobProgressSchema>>>,
  Holds<Same<JobError, NonNullable<Wire<typeof api.jobSchema>['error']>>>,
  Holds<Same<Job, Required<Wire<typeof api.jobSchema>>>>,
  Holds<Same<EncryptionScheme, Wire<typeof api.encryptionSchemeSchema>>>,
  Holds<Same<StreamingPolicy, Wire<typeof api.policySchema>>>,
  Holds<Same<StreamingLocator, Required<Omit<Wire<typeof api.locatorSchema>, 'status' | 'keyId' | 'contentKeyPolicy'>>>>,
  Holds<Same<FilterDefinition, Wire<typeof api.filterDefinitionSchema>>>,
  Holds<Same<KeyDeliveryPolicy, Wire<typeof api.keyRestrictionSchema>>>,
];
