package dev.namedpipe.sample;

import io.grpc.stub.StreamObserver;

import org.springframework.stereotype.Service;

import dev.namedpipe.grpc.NamedPipeGrpcPeer;
import dev.namedpipe.sample.grpc.GreeterGrpc;
import dev.namedpipe.sample.grpc.HelloReply;
import dev.namedpipe.sample.grpc.HelloRequest;

/**
 * The sample's gRPC service ({@code greeter.proto}), which Spring gRPC serves in Jetty: over
 * the HTTP pipe, where it names the caller the operating system reported, and on TCP.
 */
@Service
class GreeterService extends GreeterGrpc.GreeterImplBase {

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
		String caller = NamedPipeGrpcPeer.current()
			.map((peer) -> peer.user() + " pid " + peer.pid().orElse(-1))
			.orElse("tcp");
		responses.onNext(HelloReply.newBuilder()
			.setMessage("Hello, " + request.getName() + "!")
			.setCaller(caller)
			.build());
		responses.onCompleted();
	}

}
