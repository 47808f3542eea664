import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { LEVELS } from '../../ingest/types.js';
import { renderMarkdown } from '../markdown.js';
import { examples, overview } from '../overview.js';
import type { SiteContext } from './context.js';

/** The query language's user documentation, the one source of the help page. */
const SYNTAX_FILE = new URL('../../query/SYNTAX.md', import.meta.url);

/** The help page body; `undefined` when the syntax document cannot be read. */
function syntaxHelp(): string | undefined {
  try {
    return renderMarkdown(readFileSync(SYNTAX_FILE, 'utf8').replace(/^# .*\n/, ''));
  } catch {
    return undefined;
  }
}

/** `/` (search box, examples, corpus overview, syntax summary), `/docs` (every report) and `/help` (the full syntax). */
export function homeRoutes(ctx: SiteContext): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const { docs, service } = ctx.current();
    res.render('index', { title: '政策文件全文检索', q: '', overview: overview(docs), examples: await examples(service) });
  });

  router.get('/docs', (_req, res) => {
    const { docs, generation } = ctx.current();
    const leftOut = [...generation.leftOut, ...ctx.generations.status().notImported];
    const groups = LEVELS.flatMap((level) => {
      const of = docs.filter((d) => d.level === level);
      return of.length === 0 ? [] : [{ level, docs: of }];
    });
    res.render('docs', { title: '全部报告', q: '', groups, total: docs.length, leftOut });
  });

  let help: string | undefined;
  router.get('/help', (_req, res) => {
    help ??= syntaxHelp();
    res.render('help', { title: '检索语法', q: '', help });
  });

  return router;
}
