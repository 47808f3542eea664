import { Router } from 'express';
import { comparePageRoutes } from './compare-page.js';
import type { SiteContext } from './context.js';
import { homeRoutes } from './home.js';
import { kwicPageRoutes } from './kwic-page.js';
import { termsPageRoutes } from './terms-page.js';
import { readerRoutes } from './reader.js';
import { searchPageRoutes } from './search-page.js';

/** The pages: `/`, `/help`, `/search`, `/doc/:id`, `/compare`, `/kwic`, `/terms`. */
export function siteRoutes(ctx: SiteContext): Router {
  const router = Router();
  router.use(homeRoutes(ctx), searchPageRoutes(ctx), readerRoutes(ctx), comparePageRoutes(ctx), kwicPageRoutes(ctx), termsPageRoutes(ctx));
  return router;
}
