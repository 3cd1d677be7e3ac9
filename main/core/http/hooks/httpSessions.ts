// The `http` session collector: one session per client address, with the bytes of its requests and answers.
import type { FastifyInstance } from 'fastify';
import type { SessionCollector } from '../../session/index.js';

export function installHttpSessions(app: FastifyInstance, collector: SessionCollector): void {
  app.addHook('onResponse', async (request, reply) => {
    const remote = request.socket.remoteAddress ?? '';
    const local = request.socket.localAddress ?? '';
    // Ignored addresses (localhost by default) are refused by the collector at once, before any bookkeeping.
    if (!collector.known(remote) && !collector.registerAndActivate(remote, { reference: '', local, remote }, { local, remote })) return;
    collector.ingress(remote, Number(request.headers['content-length'] ?? 0));
    collector.egress(remote, Number(reply.getHeader('content-length') ?? 0));
  });
}
