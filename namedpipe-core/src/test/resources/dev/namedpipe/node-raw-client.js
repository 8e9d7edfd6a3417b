// A Node.js client of a raw pipe endpoint: sends <upload> bytes of the shared pattern, then
// reads until the server ends the stream, and prints what happened as one JSON line.
// Usage: node node-raw-client.js <pipe path> <upload bytes>
const crypto = require("crypto");
const net = require("net");

const [path, upload] = process.argv.slice(2);
const digest = crypto.createHash("sha256");
let received = 0;

function pattern(offset, length) {
  const chunk = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    chunk[i] = ((offset + i) * 31 + 7) & 0xff;
  }
  return chunk;
}

function report(outcome) {
  console.log(JSON.stringify({ ...outcome, received, sha256: digest.digest("hex") }));
}

const socket = net.connect(path, () => {
  const size = Number(upload);
  let sent = 0;
  (function writeMore() {
    while (sent < size) {
      const length = Math.min(64 * 1024, size - sent);
      const more = socket.write(pattern(sent, length));
      sent += length;
      if (!more) {
        socket.once("drain", writeMore);
        return;
      }
    }
  })();
});
socket.on("data", (chunk) => {
  digest.update(chunk);
  received += chunk.length;
});
socket.on("end", () => {
  report({ end: true });
  socket.destroy();
});
socket.on("error", (error) => {
  report({ error: error.code || String(error) });
  process.exitCode = 1;
});
