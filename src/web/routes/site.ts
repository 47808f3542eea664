import { Router } from 'express';
import type { SearchService } from '../../search/types.js';
import type { Admission } from '../admission.js';
import type { PublicAddress } from '../public-address.js';
import { comparePageRoutes } from './compare-page.js';
import { siteContext } from './context.js';
import { homeRoutes } from './home.js';
import { readerRoutes } from './reader.js';
import { searchPageRoutes } from './search-page.js';

/** The pages: `/`, `/help`, `/search`, `/doc/:id`, `/compare`. */
export function siteRoutes(service: SearchService, options: { address: PublicAddress; now: () => Date; gate: Admission }): Router {
  const ctx = siteContext(service, options);
  const router = Router();
  router.use(homeRoutes(ctx), searchPageRoutes(ctx), readerRoutes(ctx), comparePageRoutes(ctx));
  return router;
}
