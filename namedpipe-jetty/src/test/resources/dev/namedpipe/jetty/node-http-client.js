// A Node.js HTTP client over a pipe (a Unix socket path, or \\.\pipe\name on Windows). Runs one
// scenario and prints its outcome as one JSON line; any 'error' event fails it (exit code 1).
// Every response must end with 'end'.
// Usage: node node-http-client.js <pipe path> <scenario> <argument>
//   get <path>          one GET on a connection of its own
//   upload <bytes>      POST /upload, a chunked body of <bytes> bytes
//   download <bytes>    GET /download?bytes=<bytes>
//   keep-alive <count>  <count> concurrent GET /peer over a keep-alive pool of at most 5 connections
//   h2 <count>          <count> concurrent GET /peer streams on one h2c connection (prior knowledge)
const crypto = require("crypto");
const http = require("http");
const http2 = require("http2");
const net = require("net");

const [socketPath, scenario, argument] = process.argv.slice(2);

function fail(error) {
  console.log(JSON.stringify({ error: error.code || String(error) }));
  process.exit(1);
}

// Sends a request and collects the response until its 'end'.
function exchange(options, writeBody) {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, host: "localhost", ...options }, (response) => {
      const digest = crypto.createHash("sha256");
      const chunks = [];
      let size = 0;
      response.on("data", (chunk) => {
        digest.update(chunk);
        size += chunk.length;
        if (size <= 64 * 1024) {
          chunks.push(chunk);
        }
      });
      response.on("end", () => resolve({ status: response.statusCode, size, sha256: digest.digest("hex"),
        body: size <= 64 * 1024 ? Buffer.concat(chunks).toString() : undefined, socket: request.socket.id }));
      response.on("error", reject);
    });
    request.on("socket", (socket) => {
      socket.id = socket.id || ++exchange.sockets;
    });
    request.on("error", reject);
    if (writeBody) {
      writeBody(request);
    }
    else {
      request.end();
    }
  });
}
exchange.sockets = 0;

// Writes <bytes> bytes of a fixed pattern in 64 KiB pieces, honouring back-pressure.
function writePattern(request, bytes, digest) {
  const block = Buffer.alloc(64 * 1024);
  for (let i = 0; i < block.length; i++) {
    block[i] = (i * 31 + 7) & 0xff;
  }
  let sent = 0;
  (function writeMore() {
    while (sent < bytes) {
      const piece = block.subarray(0, Math.min(block.length, bytes - sent));
      digest.update(piece);
      sent += piece.length;
      if (!request.write(piece)) {
        request.once("drain", writeMore);
        return;
      }
    }
    request.end();
  })();
}

async function run() {
  const count = Number(argument);
  switch (scenario) {
    case "get": {
      const response = await exchange({ path: argument, agent: false });
      return { status: response.status, body: response.body };
    }
    case "upload": {
      const sent = crypto.createHash("sha256");
      const response = await exchange({ method: "POST", path: "/upload", agent: false,
        headers: { "content-type": "application/octet-stream" } }, (request) => writePattern(request, count, sent));
      return { status: response.status, body: response.body, sent: count + " " + sent.digest("hex") };
    }
    case "download": {
      const response = await exchange({ path: "/download?bytes=" + count, agent: false });
      return { status: response.status, size: response.size, sha256: response.sha256 };
    }
    case "keep-alive": {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 5 });
      const responses = await Promise.all(Array.from({ length: count }, () => exchange({ path: "/peer", agent })));
      agent.destroy();
      return { statuses: responses.map((r) => r.status), bodies: [...new Set(responses.map((r) => r.body))],
        connections: new Set(responses.map((r) => r.socket)).size };
    }
    case "h2": {
      const session = http2.connect("http://localhost", { createConnection: () => net.connect(socketPath) });
      session.on("error", fail);
      const responses = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
        const stream = session.request({ ":path": "/peer" });
        let status;
        let body = "";
        stream.setEncoding("utf8");
        stream.on("response", (headers) => { status = headers[":status"]; });
        stream.on("data", (chunk) => { body += chunk; });
        stream.on("end", () => resolve({ status, body }));
        stream.on("error", reject);
        stream.end();
      })));
      session.close();
      return { statuses: responses.map((r) => r.status), bodies: [...new Set(responses.map((r) => r.body))] };
    }
    default:
      throw new Error("unknown scenario " + scenario);
  }
}

run().then((outcome) => console.log(JSON.stringify(outcome)), fail);
