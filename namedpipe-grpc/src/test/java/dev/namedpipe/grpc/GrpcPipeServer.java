package dev.namedpipe.grpc;

import java.io.IOException;
import java.util.EnumSet;

import io.grpc.servlet.jakarta.ServletServerBuilder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.jetty.NamedPipeServerConnector;
import dev.namedpipe.testing.RecordingObserver;

/**
 * A gRPC server on a pipe as an application builds one without Spring: grpc-java's servlet
 * transport in Jetty's servlet container, behind {@link NamedPipeServerConnector} with h2c
 * (gRPC is HTTP/2), {@link NamedPipeGrpcFilter} in front of the servlet and
 * {@link NamedPipeGrpcPeer#streamTracerFactory()} on the builder.
 */
final class GrpcPipeServer implements AutoCloseable {

	/** A plain (not gRPC) resource answering the remote address and port it is shown. */
	static final String ADDRESS_PATH = "/address";

	final RecordingObserver observer = new RecordingObserver();

	final TextService service = new TextService();

	private final Server server = new Server();

	GrpcPipeServer(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options) {
		HttpConfiguration configuration = new HttpConfiguration();
		this.server.addConnector(new NamedPipeServerConnector(this.server, endPoint, options, this.observer,
				new HttpConnectionFactory(configuration), new HTTP2CServerConnectionFactory(configuration)));
		ServletContextHandler context = new ServletContextHandler();
		context.addFilter(new FilterHolder(new NamedPipeGrpcFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
		ServletServerBuilder grpc = new ServletServerBuilder().addService(this.service.definition())
			.addStreamTracerFactory(NamedPipeGrpcPeer.streamTracerFactory());
		context.addServlet(new ServletHolder(grpc.buildServlet()), "/*");
		context.addServlet(new ServletHolder(new AddressServlet()), ADDRESS_PATH);
		this.server.setHandler(context);
	}

	GrpcPipeServer start() throws Exception {
		this.server.start();
		return this;
	}

	/** Stops serving: the pipe is gone until {@link #start()} again. */
	void stop() throws Exception {
		this.server.stop();
	}

	@Override
	public void close() throws Exception {
		stop();
	}

	private static final class AddressServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getWriter().print(request.getRemoteAddr() + " " + request.getRemotePort());
		}

	}

}
