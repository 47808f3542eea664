import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers. The policy allows only our own scripts, styles and connections: no inline
 * script or style anywhere (SVG charts use presentation attributes, not `style`). The site is
 * served over plain HTTP behind whatever proxy terminates TLS, so no `upgrade-insecure-requests`.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}
