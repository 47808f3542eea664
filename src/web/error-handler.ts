import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { QueryError } from '../query/index.js';
import { EngineUnavailableError, SearchOptionError } from '../search/errors.js';
import { OverloadedError } from './admission.js';
import { HttpError, NotFoundError, type ClientError } from './errors.js';
import type { Logger } from './logger.js';

/** A malformed percent-encoding in a path: no such resource. */
function isBadPath(err: unknown): boolean {
  return err instanceof URIError || (err instanceof Error && (err as { status?: unknown }).status === 400 && /decode/i.test(err.message));
}

/** What the client hears about the conditional and range requests HTTP lets it make (`send`'s errors). */
const PROTOCOL_MESSAGES: Readonly<Record<number, string>> = {
  412: '请求的前提条件不成立（文件已更改）',
  416: '请求的字节范围超出文件大小',
};

/**
 * A client error raised by the libraries under Express (`send` for static files: 412 for a
 * failed `If-Match` or `If-Unmodified-Since`, 416 for a range beyond the file): the `http-errors`
 * convention of a 4xx `status` marked `expose`. HTTP's answer, not a fault of ours.
 */
function protocolStatus(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, expose } = err as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

/**
 * What to tell the client about `err`, or `undefined` for a fault of ours (500, no details).
 * `query` is the query the request carried, for the caret under a query error.
 */
export function toClientError(err: unknown, query?: string): ClientError | undefined {
  if (err instanceof OverloadedError) return { status: err.status, message: err.message, retryAfter: err.retryAfterSeconds };
  if (err instanceof HttpError) {
    return err.parameter === undefined ? { status: err.status, message: err.message } : { status: err.status, message: err.message, parameter: err.parameter };
  }
  if (err instanceof QueryError) {
    const out: ClientError = { status: 400, message: `查询语句有误：${err.detail}`, parameter: 'q', position: err.position, length: err.length };
    if (query !== undefined) out.query = query;
    return out;
  }
  if (err instanceof SearchOptionError) {
    return { status: 400, message: `参数 ${err.option} 无效：${err.message.replace(/^search:\s*/, '')}`, parameter: err.option };
  }
  // The message names hosts and ports of the cluster: logged, never shown.
  if (err instanceof EngineUnavailableError) return { status: 503, message: '检索服务暂时不可用，请稍后再试' };
  if (isBadPath(err)) return { status: 404, message: new NotFoundError().message };
  const status = protocolStatus(err);
  if (status !== undefined) return { status, message: PROTOCOL_MESSAGES[status] ?? '请求有误' };
  return undefined;
}

function isApi(req: Request): boolean {
  return req.path === '/api' || req.path.startsWith('/api/');
}

function sendError(req: Request, res: Response, error: ClientError): void {
  res.status(error.status);
  res.set('Cache-Control', 'no-store');
  if (error.retryAfter !== undefined) res.set('Retry-After', String(error.retryAfter));
  if (isApi(req)) {
    const body: Record<string, string | number> = { message: error.message };
    if (error.parameter !== undefined) body.parameter = error.parameter;
    if (error.position !== undefined) body.position = error.position;
    if (error.length !== undefined) body.length = error.length;
    res.json({ error: body });
    return;
  }
  res.render('error', { error, title: error.status === 404 ? '找不到页面' : error.status === 503 ? '检索繁忙' : error.status >= 500 ? '出错了' : '请求有误' }, (renderError: unknown, html?: string) => {
    if (renderError !== null && renderError !== undefined) {
      res.type('text/plain; charset=utf-8').send(error.message);
      return;
    }
    res.type('html').send(html);
  });
}

/** Answers every request no route took: a 404 page, or a JSON 404 under `/api/`. */
export const notFound: RequestHandler = (req, res) => {
  sendError(req, res, { status: 404, message: isApi(req) ? '找不到该接口' : new NotFoundError().message });
};

/** The one error handler: JSON under `/api/`, an error page elsewhere; faults are logged with the request id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const q = req.query.q;
    const known = toClientError(err, typeof q === 'string' ? q.trim() : undefined);
    if (known !== undefined) {
      // A cluster that does not answer is an operator's concern; a 503 of the gate (overload) is
      // expected under load, counted on /healthz, and never logged one line per request.
      if (err instanceof EngineUnavailableError) logger.error('engine unavailable', { requestId: res.locals.requestId as unknown, url: req.originalUrl, error: err instanceof Error ? err.message : String(err) });
      sendError(req, res, known);
      return;
    }
    logger.error('request failed', {
      requestId: res.locals.requestId as unknown,
      method: req.method,
      url: req.originalUrl,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    sendError(req, res, { status: 500, message: '服务器内部错误，请稍后再试' });
  };
}
