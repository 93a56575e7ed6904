/**
 * The page, the docs page and the API load nothing from elsewhere: scripts and styles are files of this
 * host (no inline script), the page's favicon is a data: URL and Swagger UI's icons are data: images in
 * its CSS; fetch and EventSource talk to this host only. No one may frame any answer.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  // frame-ancestors for browsers that predate it.
  'X-Frame-Options': 'DENY',
};
