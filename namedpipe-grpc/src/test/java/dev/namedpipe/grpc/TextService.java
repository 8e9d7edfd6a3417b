package dev.namedpipe.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import dev.namedpipe.PeerIdentity;

/**
 * The tests' gRPC service, {@value #SERVICE}, with strings as messages (a marshaller of its
 * own, so no .proto and no code generator): one method of each call type, one that never
 * answers (its cancellation is counted down), and one answering who called. In an interceptor
 * it records the {@code :authority} of every call, its remote address and the peer in its
 * context.
 */
final class TextService {

	static final String SERVICE = "test.Echo";

	static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	static final MethodDescriptor<String, String> ECHO = method("Echo", MethodDescriptor.MethodType.UNARY);

	static final MethodDescriptor<String, String> COUNT = method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);

	static final MethodDescriptor<String, String> JOIN = method("Join", MethodDescriptor.MethodType.CLIENT_STREAMING);

	static final MethodDescriptor<String, String> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);

	static final MethodDescriptor<String, String> SLOW = method("Slow", MethodDescriptor.MethodType.UNARY);

	static final MethodDescriptor<String, String> WHO = method("Who", MethodDescriptor.MethodType.UNARY);

	static final MethodDescriptor<String, String> MISSING = method("Missing", MethodDescriptor.MethodType.UNARY);

	final CountDownLatch slowCancelled = new CountDownLatch(1);

	final Queue<String> authorities = new ConcurrentLinkedQueue<>();

	final Queue<String> peersSeenByInterceptor = new ConcurrentLinkedQueue<>();

	final Queue<String> remoteAddresses = new ConcurrentLinkedQueue<>();

	static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(TEXT)
			.setResponseMarshaller(TEXT)
			.build();
	}

	/** "user uid pid" of the caller over a pipe, "none" otherwise. */
	static String describe(PeerIdentity peer) {
		return peer.user() + " " + peer.uid().orElse(-1) + " " + peer.pid().orElse(-1);
	}

	ServerServiceDefinition definition() {
		ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
			.addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> reply(response, "echo:" + request)))
			.addMethod(COUNT, ServerCalls.asyncServerStreamingCall((request, response) -> {
				for (int i = 1; i <= Integer.parseInt(request); i++) {
					response.onNext(Integer.toString(i));
				}
				response.onCompleted();
			}))
			.addMethod(JOIN, ServerCalls.asyncClientStreamingCall((response) -> new Collector(response)))
			.addMethod(CHAT, ServerCalls.asyncBidiStreamingCall((response) -> new Collector(response, "chat:")))
			// never answers: the client's deadline ends the call, and the server is told
			.addMethod(SLOW, ServerCalls.asyncUnaryCall((request, response) -> Context.current()
				.addListener((context) -> this.slowCancelled.countDown(), Runnable::run)))
			.addMethod(WHO, ServerCalls.asyncUnaryCall((request, response) -> reply(response,
					NamedPipeGrpcPeer.current().map(TextService::describe).orElse("none"))))
			.build();
		return ServerInterceptors.intercept(service, new Recorder());
	}

	private static void reply(StreamObserver<String> response, String message) {
		response.onNext(message);
		response.onCompleted();
	}

	/** Joins a client stream into one reply, or (with a prefix) answers each message at once. */
	private static final class Collector implements StreamObserver<String> {

		private final StreamObserver<String> response;

		private final String chatPrefix;

		private final StringBuilder joined = new StringBuilder();

		Collector(StreamObserver<String> response) {
			this(response, null);
		}

		Collector(StreamObserver<String> response, String chatPrefix) {
			this.response = response;
			this.chatPrefix = chatPrefix;
		}

		@Override
		public void onNext(String message) {
			if (this.chatPrefix != null) {
				this.response.onNext(this.chatPrefix + message);
			}
			else {
				this.joined.append(message);
			}
		}

		@Override
		public void onError(Throwable error) {
		}

		@Override
		public void onCompleted() {
			if (this.chatPrefix == null) {
				this.response.onNext(this.joined.toString());
			}
			this.response.onCompleted();
		}

	}

	private final class Recorder implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			authorities.add(String.valueOf(call.getAuthority()));
			remoteAddresses.add(String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
			peersSeenByInterceptor.add(NamedPipeGrpcPeer.current().map(TextService::describe).orElse("none"));
			return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
			};
		}

	}

}
