// The container HEALTHCHECK (Dockerfile and compose.yaml): exits 0 when this container's
// /health answers 2xx. Node's fetch does the request, so the image needs no curl.
const port = process.env.PORT ?? '3000';

try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
  process.exitCode = response.ok ? 0 : 1;
} catch {
  process.exitCode = 1;
}
