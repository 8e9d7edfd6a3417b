// A Node.js server on a pipe: echoes what one client sends, and prints "end <bytes>" when the
// client ends its stream (or "error <code>"), then stops. Prints "listening" once ready.
// Usage: node node-raw-server.js <pipe path>
const net = require("net");

const [path] = process.argv.slice(2);
const server = net.createServer((socket) => {
  let received = 0;
  socket.on("data", (chunk) => {
    received += chunk.length;
    socket.write(chunk);
  });
  socket.on("end", () => {
    console.log("end " + received);
    socket.end();
    server.close();
  });
  socket.on("error", (error) => {
    console.log("error " + (error.code || String(error)));
    process.exitCode = 1;
    server.close();
  });
});
server.listen(path, () => console.log("listening"));
