package dev.namedpipe.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.servlet.jakarta.ServletServerBuilder;
import io.grpc.stub.ServerCalls;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportObserver;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.grpc.NamedPipeGrpcFilter;
import dev.namedpipe.grpc.NamedPipeGrpcPeer;
import dev.namedpipe.jetty.NamedPipeServerConnector;

/**
 * The server of the gRPC scenario, a process of its own: one gRPC service on grpc-java's
 * servlet transport in Jetty, served over h2c on our pipe connector and on a TCP connector of
 * the same server. {@code Unary} answers the request's bytes; {@code Stream} answers a stream of
 * {@value #CHUNKS} chunks of {@value #CHUNK_SIZE} bytes (1 MiB a call). Prints {@value #READY}.
 *
 * <p>Arguments: {@code socket port}.
 */
public final class GrpcBenchmarkServer {

	static final String READY = "grpc-benchmark-ready";

	static final String SERVICE = "bench.Bytes";

	static final int CHUNK_SIZE = 64 * 1024;

	static final int CHUNKS = 16;

	static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);

	static final MethodDescriptor<byte[], byte[]> STREAM = method("Stream", MethodDescriptor.MethodType.SERVER_STREAMING);

	private GrpcBenchmarkServer() {
	}

	public static void main(String[] args) throws Exception {
		Server server = new Server();
		HttpConfiguration http = new HttpConfiguration();
		server.addConnector(new NamedPipeServerConnector(server, NamedPipeEndPoint.of(args[0]),
				NamedPipeTransportOptions.builder().unixSendBufferSize(ClientScenario.UNIX_SEND_BUFFER_SIZE).build(),
				NamedPipeTransportObserver.NONE, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http)));
		ServerConnector tcp = new ServerConnector(server, new HttpConnectionFactory(http),
				new HTTP2CServerConnectionFactory(http));
		tcp.setHost("127.0.0.1");
		tcp.setPort(Integer.parseInt(args[1]));
		server.addConnector(tcp);
		ServletContextHandler context = new ServletContextHandler();
		context.addFilter(new FilterHolder(new NamedPipeGrpcFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
		context.addServlet(new ServletHolder(new ServletServerBuilder().addService(service())
			.addStreamTracerFactory(NamedPipeGrpcPeer.streamTracerFactory())
			.buildServlet()), "/*");
		server.setHandler(context);
		server.start();
		System.out.println(READY);
		server.join();
	}

	private static ServerServiceDefinition service() {
		byte[] chunk = new byte[CHUNK_SIZE];
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(UNARY, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(request);
				response.onCompleted();
			}))
			.addMethod(STREAM, ServerCalls.asyncServerStreamingCall((request, response) -> {
				for (int i = 0; i < CHUNKS; i++) {
					response.onNext(chunk);
				}
				response.onCompleted();
			}))
			.build();
	}

	private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(BYTES)
			.setResponseMarshaller(BYTES)
			.build();
	}

}
