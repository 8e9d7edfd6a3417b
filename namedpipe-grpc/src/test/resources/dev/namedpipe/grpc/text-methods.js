// The methods of the tests' test.Echo service for @grpc/grpc-js, with strings as messages (no
// .proto), as TextService defines them in Java.
const serialize = (text) => Buffer.from(text, 'utf8');
const deserialize = (bytes) => bytes.toString('utf8');

module.exports.method = (name, responseStream) => ({
	path: `/test.Echo/${name}`,
	requestStream: false,
	responseStream,
	requestSerialize: serialize,
	requestDeserialize: deserialize,
	responseSerialize: serialize,
	responseDeserialize: deserialize,
});
