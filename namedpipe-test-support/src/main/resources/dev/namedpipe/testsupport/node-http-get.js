// One GET over a pipe (a Unix socket path, or \\.\pipe\name on Windows) on a connection of its
// own, with Node.js's http client (HTTP/1.1) or its http2 client (h2c with prior knowledge).
// Prints the status and the HTTP version on the first line, then the body ("200 1.1\nhello");
// an error event prints the error's code and fails it (exit code 1). The response must end.
// Usage: node node-http-get.js <pipe path> <1.1|2> <path>
const http = require("http");
const http2 = require("http2");
const net = require("net");

const [socketPath, version, path] = process.argv.slice(2);

function http11() {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, host: "localhost", path, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => { body += chunk; });
      response.on("end", () => resolve({ status: response.statusCode, httpVersion: response.httpVersion, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

function h2c() {
  return new Promise((resolve, reject) => {
    const session = http2.connect("http://localhost", { createConnection: () => net.connect(socketPath) });
    session.on("error", reject);
    const stream = session.request({ ":path": path });
    let status;
    let body = "";
    stream.setEncoding("utf8");
    stream.on("response", (headers) => { status = headers[":status"]; });
    stream.on("data", (chunk) => { body += chunk; });
    stream.on("end", () => {
      session.close();
      resolve({ status, httpVersion: "2", body });
    });
    stream.on("error", reject);
    stream.end();
  });
}

(version === "2" ? h2c() : http11()).then(
  (response) => process.stdout.write(response.status + " " + response.httpVersion + "\n" + response.body),
  (error) => {
    process.stdout.write(error.code || String(error));
    process.exitCode = 1;
  });
