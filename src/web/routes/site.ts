import { Router } from 'express';
import type { Generations } from '../../search/generation.js';
import type { Current } from '../current.js';
import { comparePageRoutes } from './compare-page.js';
import { homeRoutes } from './home.js';
import { readerRoutes } from './reader.js';
import { searchPageRoutes } from './search-page.js';

/** The pages: `/`, `/help`, `/search`, `/doc/:id`, `/compare`. */
export function siteRoutes(current: () => Current, generations: Generations, options: { baseUrl: string | undefined; now: () => Date }): Router {
  const ctx = { current, generations, ...options };
  const router = Router();
  router.use(homeRoutes(ctx), searchPageRoutes(ctx), readerRoutes(ctx), comparePageRoutes(ctx));
  return router;
}
