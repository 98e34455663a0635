/**
 * The opt-in HTTP endpoint (HTTP_PORT; bound to 127.0.0.1 unless HTTP_HOST says otherwise):
 * - `GET /healthz`: 200 when every health check passes, 503 otherwise, with the checks as JSON;
 *   for Docker's HEALTHCHECK, a load balancer or a monitor.
 * - `GET /metrics`: Prometheus text format.
 * Nothing else, and nothing that changes state.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthReport } from './health.js';

export interface HttpEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

export interface HttpOptions {
  readonly host: string;
  readonly port: number;
  readonly health: () => Promise<HealthReport>;
  readonly metrics: () => Promise<{ contentType: string; body: string }>;
}

export class HttpPortProblem extends Error {
  constructor(line: string) {
    super(line);
    this.name = 'HttpPortProblem';
  }
}

export async function startHttpEndpoint(options: HttpOptions): Promise<HttpEndpoint> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain', 'method not allowed\n');
      return;
    }
    if (path === '/healthz') {
      void options.health().then(
        (report) =>
          send(
            report.ok ? 200 : 503,
            'application/json',
            `${JSON.stringify({ status: report.ok ? 'ok' : 'unhealthy', checks: report.checks })}\n`,
          ),
        () => send(503, 'application/json', '{"status":"unhealthy"}\n'),
      );
    } else if (path === '/metrics') {
      void options.metrics().then(
        ({ contentType, body }) => send(200, contentType, body),
        (error: unknown) =>
          send(500, 'text/plain', `${error instanceof Error ? error.message : String(error)}\n`),
      );
    } else {
      send(404, 'text/plain', 'not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      reject(
        new HttpPortProblem(
          error.code === 'EADDRINUSE'
            ? `HTTP_PORT ${options.port} is already in use on ${options.host}: choose another port, or stop what listens on ${where}`
            : error.code === 'EACCES'
              ? `HTTP_PORT ${options.port} may not be opened by this user on ${options.host}: use a port above 1023`
              : `HTTP_PORT ${options.port} cannot be opened on ${options.host} (HTTP_HOST): ${error.message}`,
        ),
      );
    });
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
