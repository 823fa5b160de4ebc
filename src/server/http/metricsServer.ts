import { createServer } from 'node:http';
import type { AppContext } from '../context.js';

/** `opsdesk worker` alone has no HTTP app: this serves its job metrics on a port of its own. */
export async function startMetricsServer(context: AppContext, port: number): Promise<void> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    context.metrics.registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': context.metrics.registry.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, context.config.host, resolve));
  context.log.info(`worker metrics on http://${context.config.host}:${port}/metrics`);
}
