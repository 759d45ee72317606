"""Pure-ASGI middleware for the HTTP concerns: request ids and security headers, CORS, rate
limits, CSRF, body size limits and the request deadline. Each keeps no per-request state."""
