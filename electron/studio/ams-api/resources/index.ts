/** Every ARM route the API serves, one module per resource family. */
import type { ArmRoute } from '../arm-context.ts';
import { assetRoutes } from './assets.ts';
import { jobRoutes } from './jobs.ts';
import { contentKeyPolicyRoutes } from './content-key-policies.ts';
import { filterRoutes } from './filters.ts';
import { mediaServicesRoutes } from './media-services.ts';
import { streamingEndpointRoutes } from './streaming-endpoints.ts';
import { streamingLocatorRoutes } from './streaming-locators.ts';
import { streamingPolicyRoutes } from './streaming-policies.ts';
import { transformRoutes } from './transforms.ts';

export const ALL_ROUTES: readonly ArmRoute[] = [
  ...mediaServicesRoutes,
  ...assetRoutes,
  ...transformRoutes,
  ...jobRoutes,
  ...contentKeyPolicyRoutes,
  ...filterRoutes,
  ...streamingPolicyRoutes,
  ...streamingLocatorRoutes,
  ...streamingEndpointRoutes,
];
