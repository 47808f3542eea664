import { Router } from 'express';
import type { Generations } from '../../search/generation.js';
import type { Admission } from '../admission.js';
import type { Current } from '../current.js';
import type { PublicAddress } from '../public-address.js';
import { comparePageRoutes } from './compare-page.js';
import { homeRoutes } from './home.js';
import { readerRoutes } from './reader.js';
import { searchPageRoutes } from './search-page.js';

/** The pages: `/`, `/help`, `/search`, `/doc/:id`, `/compare`. */
export function siteRoutes(current: () => Current, generations: Generations, options: { address: PublicAddress; now: () => Date; gate: Admission }): Router {
  const ctx = { current, generations, ...options };
  const router = Router();
  router.use(homeRoutes(ctx), searchPageRoutes(ctx), readerRoutes(ctx), comparePageRoutes(ctx));
  return router;
}
