import type restify from 'restify';
import { OriginPolicy, corsHandler } from './cors.js';
import { headAsGet, securityHeaders, type SecurityHeaderOptions } from './security-headers.js';

/** What the HTTP server and the Direct Line channel need to know about who may use them from where. */
export interface WebSecurity {
  headers: SecurityHeaderOptions;
  origins: OriginPolicy;
}

interface SecuritySettings {
  publicBaseUrl: string;
  PUBLIC_BASE_URL?: string;
  EMBED_ALLOWED_ORIGINS: string[];
  TEAMS_EXTRA_FRAME_ORIGINS: string[];
  CSP_MODE: 'enforce' | 'report-only';
  CSP_REPORT_URI?: string;
}

export function webSecurityFrom(config: SecuritySettings): WebSecurity {
  return {
    headers: {
      publicBaseUrl: config.publicBaseUrl,
      embedOrigins: config.EMBED_ALLOWED_ORIGINS,
      teamsExtraOrigins: config.TEAMS_EXTRA_FRAME_ORIGINS,
      cspMode: config.CSP_MODE,
      reportUri: config.CSP_REPORT_URI,
    },
    origins: new OriginPolicy(config.EMBED_ALLOWED_ORIGINS, config.PUBLIC_BASE_URL ? new URL(config.PUBLIC_BASE_URL).origin : undefined),
  };
}

/** Before routing: HEAD as GET, the security headers on every response, then the cross-origin gate. */
export function installWebSecurity(server: restify.Server, security: WebSecurity): void {
  server.pre(headAsGet);
  server.pre(securityHeaders(security.headers));
  server.pre(corsHandler(security.origins));
}
