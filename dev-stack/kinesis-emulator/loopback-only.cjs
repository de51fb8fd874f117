// Preloaded with `node --require` in front of kinesis-mock (npm kinesis-local):
//
// 1. Every server it opens binds to loopback only: it has no bind-address setting and would
//    otherwise listen on every interface.
// 2. Its plain-HTTP port is served through a small proxy that paces GetRecords the way Kinesis
//    does (at most about 5 reads per second per shard: each GetRecords request waits
//    BREAKAWAY_GET_RECORDS_DELAY_MS, default 200, before it is forwarded). The Flink connector's
//    polling source reads without pause; against the single-threaded emulator, unpaced reads
//    starve every write.
'use strict';
const net = require('net');

const host = process.env.BREAKAWAY_BIND_HOST || '127.0.0.1';
const plainPort = Number(process.env.KINESIS_MOCK_PLAIN_PORT || 4568);
const readDelayMs = Number(process.env.BREAKAWAY_GET_RECORDS_DELAY_MS || 200);
const originalListen = net.Server.prototype.listen;

function listenArgs(args, port) {
  if (args.length > 0 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])) {
    return [Object.assign({}, args[0], { host, port: port === undefined ? args[0].port : port }), ...args.slice(1)];
  }
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const rest = args.slice(1).filter((a) => typeof a !== 'string');
    return [port === undefined ? Number(args[0]) : port, host, ...rest];
  }
  return args;
}

function requestedPort(args) {
  if (args.length > 0 && typeof args[0] === 'object' && args[0] !== null) {
    return Number(args[0].port);
  }
  return Number(args[0]);
}

function startPacingProxy(upstreamPort) {
  const proxy = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, host);
    let queue = Promise.resolve();
    client.on('data', (chunk) => {
      const isRead = chunk.includes('Kinesis_20131202.GetRecords');
      queue = queue.then(
        () =>
          new Promise((resolve) => {
            const forward = () => {
              upstream.write(chunk);
              resolve();
            };
            if (isRead && readDelayMs > 0) {
              setTimeout(forward, readDelayMs);
            } else {
              forward();
            }
          }),
      );
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.end());
  });
  originalListen.call(proxy, plainPort, host);
}

net.Server.prototype.listen = function (...args) {
  if (requestedPort(args) === plainPort) {
    // The emulator takes an internal port; the proxy takes the public one once it is known.
    const server = this;
    server.once('listening', () => startPacingProxy(server.address().port));
    return originalListen.apply(this, listenArgs(args, 0));
  }
  return originalListen.apply(this, listenArgs(args));
};
