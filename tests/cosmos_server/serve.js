// Start the pinned @vercel/cosmosdb-server on 127.0.0.1 with HTTP keep-alive.
// The package's CLI answers every request with "connection: close", so each request
// would pay a new TCP + TLS handshake; its library API takes a keepAlive option.
// Usage: node serve.js PORT
"use strict";
const { createHttpsServer } = require("@vercel/cosmosdb-server");

const port = Number.parseInt(process.argv[2], 10);
if (!Number.isInteger(port) || port <= 0) {
  console.error("usage: node serve.js PORT");
  process.exit(2);
}
const server = createHttpsServer({ keepAlive: true });
server.keepAliveTimeout = 30000;
server.listen(port, "127.0.0.1", () => {
  console.log(`Ready to accept HTTPS connections at 127.0.0.1:${port}`);
});
