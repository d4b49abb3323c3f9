// echo_node.js PORT: the Node.js comparison for the echo benchmark, the idiomatic
// `net` echo server: pipe each socket into itself (pipe handles backpressure), with
// Nagle off like the others. Prints the bound port (PORT 0: a free one) on stdout.
'use strict';
const net = require('net');
const server = net.createServer((s) => {
  s.setNoDelay(true);
  s.on('error', () => s.destroy());
  s.pipe(s);
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(server.address().port);
});
