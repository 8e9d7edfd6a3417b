// @grpc/grpc-js serving test.Echo on a unix: address, strings as messages (no .proto): Echo
// answers "node:" and the :authority the call came with, Count streams 1..n. Prints "listening"
// once bound; ends on SIGTERM.
const [, , grpcJs, address] = process.argv;
const grpc = require(grpcJs);

const { method } = require('./text-methods.js');

const server = new grpc.Server();
server.addService({ echo: method('Echo', false), count: method('Count', true) }, {
	echo: (call, callback) => callback(null, `node:${call.request} ${call.getHost()}`),
	count: (call) => {
		for (let i = 1; i <= Number(call.request); i++) {
			call.write(String(i));
		}
		call.end();
	},
});
server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error) => {
	if (error) {
		console.log(`failed ${error}`);
		process.exit(1);
	}
	console.log('listening');
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
