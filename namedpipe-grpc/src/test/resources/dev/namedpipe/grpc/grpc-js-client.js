// @grpc/grpc-js calling the test's service over a unix: target, with strings as messages (no
// .proto): a unary call, a server-streaming call, a call with a deadline the server outlives, a
// method the server does not have, and who the server saw calling. Prints one line per result.
const [, , grpcJs, target] = process.argv;
const grpc = require(grpcJs);

const { method } = require('./text-methods.js');
const Echo = grpc.makeGenericClientConstructor({
	echo: method('Echo', false),
	count: method('Count', true),
	slow: method('Slow', false),
	missing: method('Missing', false),
	who: method('Who', false),
}, 'Echo');
const client = new Echo(target, grpc.credentials.createInsecure());

const unary = (name, request, options = {}) => new Promise((resolve) => {
	client[name](request, new grpc.Metadata(), options, (error, reply) => resolve(error ? `error ${grpc.status[error.code]}` : reply));
});

(async () => {
	console.log(`echo ${await unary('echo', 'over the pipe')}`);
	const counted = [];
	await new Promise((resolve, reject) => {
		const call = client.count('5');
		call.on('data', (part) => counted.push(part));
		call.on('end', resolve);
		call.on('error', reject);
	});
	console.log(`count ${counted.join(',')}`);
	console.log(`slow ${await unary('slow', 'x', { deadline: Date.now() + 300 })}`);
	console.log(`missing ${await unary('missing', 'x')}`);
	console.log(`who ${await unary('who', '')}`);
	client.close();
})().catch((error) => {
	console.log(`failed ${error}`);
	process.exit(1);
});
