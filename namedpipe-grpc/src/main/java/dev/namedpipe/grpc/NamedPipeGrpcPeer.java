package dev.namedpipe.grpc;

import java.util.Optional;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import org.jspecify.annotations.Nullable;

import dev.namedpipe.PeerIdentity;

/**
 * The client's {@link PeerIdentity} in the gRPC {@link Context} of a call that came over a
 * named pipe: {@link #current()} in a service method or a server interceptor. It gets there
 * through {@link #streamTracerFactory()}, added to grpc-java's {@code ServletServerBuilder},
 * and {@link NamedPipeGrpcFilter} in front of the gRPC servlet.
 */
public final class NamedPipeGrpcPeer {

	private static final Context.Key<PeerIdentity> KEY = Context.key("dev.namedpipe.peer");

	// The peer of the pipe request whose servlet call is starting on this thread: grpc-servlet
	// creates the stream's tracers on the servlet thread, before the call leaves it.
	private static final ThreadLocal<@Nullable PeerIdentity> ARRIVING = new ThreadLocal<>();

	private static final ServerStreamTracer.Factory TRACER_FACTORY = new ServerStreamTracer.Factory() {

		@Override
		public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
			PeerIdentity peer = ARRIVING.get();
			return (peer != null) ? new PeerTracer(peer) : NO_PEER;
		}

	};

	private static final ServerStreamTracer NO_PEER = new ServerStreamTracer() {
	};

	private NamedPipeGrpcPeer() {
	}

	/**
	 * The peer of the current call.
	 * @return the peer, or empty when the call did not come over a pipe (or outside a call)
	 */
	public static Optional<PeerIdentity> current() {
		return Optional.ofNullable(KEY.get());
	}

	/**
	 * The context key holding the peer, for code that reads a {@link Context} of its own.
	 * @return the key
	 */
	public static Context.Key<PeerIdentity> contextKey() {
		return KEY;
	}

	/**
	 * The tracer factory that puts the peer in each call's context: add it with
	 * {@code ServletServerBuilder.addStreamTracerFactory}.
	 * @return the factory
	 */
	public static ServerStreamTracer.Factory streamTracerFactory() {
		return TRACER_FACTORY;
	}

	static void arriving(@Nullable PeerIdentity peer) {
		if (peer != null) {
			ARRIVING.set(peer);
		}
		else {
			ARRIVING.remove();
		}
	}

	private static final class PeerTracer extends ServerStreamTracer {

		private final PeerIdentity peer;

		PeerTracer(PeerIdentity peer) {
			this.peer = peer;
		}

		@Override
		public Context filterContext(Context context) {
			return context.withValue(KEY, this.peer);
		}

	}

}
