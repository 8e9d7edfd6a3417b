// Node's http server on a Unix socket or (Node.js for Windows) a \\.\pipe\ path: GET answers the Host header and how many connections
// the server has accepted, POST streams its body back as it arrives.
const http = require('http');

let connections = 0;
const server = http.createServer((request, response) => {
	if (request.method === 'POST') {
		response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
		request.pipe(response);
		return;
	}
	response.end(`node ${request.headers.host} ${connections}`);
});
server.on('connection', () => connections++);
server.listen(process.argv[2]);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
