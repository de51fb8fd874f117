// Preloaded with `node --require` in front of kinesis-mock, which has no bind-address setting
// and would otherwise listen on every interface: every server it opens binds to loopback only.
'use strict';
const net = require('net');

const host = process.env.BREAKAWAY_BIND_HOST || '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function (...args) {
  if (args.length > 0 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])) {
    args[0] = Object.assign({}, args[0], { host });
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const port = Number(args[0]);
    const rest = args.slice(1).filter((a) => typeof a !== 'string');
    args = [port, host, ...rest];
  }
  return originalListen.apply(this, args);
};
