/**
 * Errors the web layer answers with a 4xx status. Anything else that reaches the error
 * handler is a fault of ours and becomes a bare 500.
 */
export class HttpError extends Error {
  override name = 'HttpError';

  /**
   * @param status HTTP status to answer with (4xx).
   * @param message Message shown to the client, in Chinese.
   * @param parameter The request parameter at fault, when there is one.
   */
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

/** A request parameter failed validation (400, names the parameter). */
export class ParameterError extends HttpError {
  override name = 'ParameterError';

  constructor(parameter: string, message: string) {
    super(400, `参数 ${parameter}：${message}`, parameter);
  }
}

/** No such page or document (404). */
export class NotFoundError extends HttpError {
  override name = 'NotFoundError';

  constructor(message = '找不到该页面') {
    super(404, message);
  }
}

/** What the client is told about a failed request; never a stack trace. */
export interface ClientError {
  status: number;
  message: string;
  /** Request parameter at fault. */
  parameter?: string;
  /** For a malformed query: `[start, end)` of the offending part of the query. */
  position?: number;
  length?: number;
  /** The query the position refers to. */
  query?: string;
  /** Seconds after which a retry is welcome (503). */
  retryAfter?: number;
}
