package dev.namedpipe.grpc;

import java.io.IOException;
import java.nio.file.Path;
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
import org.jspecify.annotations.Nullable;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.jetty.NamedPipeServerConnector;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.PipeNames;

/**
 * A gRPC server on a pipe as an application builds one without Spring: grpc-java's servlet
 * transport in Jetty's servlet container, behind {@link NamedPipeServerConnector} with h2c
 * (gRPC is HTTP/2), {@link NamedPipeGrpcFilter} in front of the servlet and
 * {@link NamedPipeGrpcPeer#streamTracerFactory()} on the builder.
 */
final class GrpcPipeServer {

	/** A plain (not gRPC) resource answering the remote address and port it is shown. */
	static final String ADDRESS_PATH = "/address";

	final RecordingObserver observer = new RecordingObserver();

	final TextService service = new TextService();

	private final Server server = new Server();

	private final NamedPipeEndPoint endPoint;

	private final @Nullable Path directory;

	GrpcPipeServer(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options) {
		this(endPoint, options, null);
	}

	private GrpcPipeServer(NamedPipeEndPoint endPoint, NamedPipeTransportOptions options, @Nullable Path directory) {
		this.endPoint = endPoint;
		this.directory = directory;
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

	/**
	 * A started server on a pipe in a directory of its own, deleted on {@link #close()}.
	 * @return the server
	 * @throws Exception when it does not start
	 */
	static GrpcPipeServer startInOwnDirectory() throws Exception {
		Path directory = PipeNames.shortTempDirectory();
		return new GrpcPipeServer(NamedPipeEndPoint.of(PipeNames.uniqueIn(directory)), NamedPipeTransportOptions.defaults(),
				directory).start();
	}

	NamedPipeEndPoint endPoint() {
		return this.endPoint;
	}

	GrpcPipeServer start() throws Exception {
		this.server.start();
		return this;
	}

	/** Stops serving: the pipe is gone until {@link #start()} again. */
	void stop() throws Exception {
		this.server.stop();
	}

	/** Stops serving and deletes the directory of its own, if any. */
	void close() throws Exception {
		stop();
		if (this.directory != null) {
			PipeNames.deleteDirectory(this.directory);
		}
	}

	private static final class AddressServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getWriter().print(request.getRemoteAddr() + " " + request.getRemotePort());
		}

	}

}
