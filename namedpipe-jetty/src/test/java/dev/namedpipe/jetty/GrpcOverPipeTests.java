package dev.namedpipe.jetty;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.servlet.jakarta.GrpcServlet;
import io.grpc.stub.ServerCalls;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipeTransportOptions;
import dev.namedpipe.testing.RecordingObserver;
import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.PipeNames;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gRPC over a pipe, the first step of the gRPC issue: grpc-java's servlet transport
 * ({@code grpc-servlet-jakarta}) in Jetty's servlet container behind our connector with h2c,
 * called by a client no one here wrote, {@code @grpc/grpc-js} from npm on a {@code unix:}
 * target: a unary call, a server-streaming call, a deadline the server outlives
 * (DEADLINE_EXCEEDED, and the server sees the cancellation) and a method it does not have
 * (UNIMPLEMENTED). Messages are strings (a marshaller of its own, no .proto).
 */
@UnixOnly("grpc-js reaches a pipe through a unix: target; Node.js for Windows cannot name \\\\.\\pipe\\ in one")
class GrpcOverPipeTests {

	private static final String GRPC_JS_VERSION = "1.14.7";

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {

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

	private final CountDownLatch slowCancelled = new CountDownLatch(1);

	private final RecordingObserver observer = new RecordingObserver();

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private Server server;

	@BeforeEach
	void startServer() throws Exception {
		this.directory = PipeNames.shortTempDirectory();
		this.endPoint = NamedPipeEndPoint.of(PipeNames.uniqueIn(this.directory));
		this.server = new Server();
		HttpConfiguration configuration = new HttpConfiguration();
		this.server.addConnector(new NamedPipeServerConnector(this.server, this.endPoint,
				NamedPipeTransportOptions.defaults(), this.observer, new HttpConnectionFactory(configuration),
				new HTTP2CServerConnectionFactory(configuration)));
		ServletContextHandler context = new ServletContextHandler();
		context.addFilter(PortlessPipeFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
		context.addServlet(new ServletHolder(new GrpcServlet(List.of(echoService()))), "/*");
		this.server.setHandler(context);
		this.server.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.stop();
		PipeNames.deleteDirectory(this.directory);
	}

	@Test
	void grpcJsCallsUnaryStreamingDeadlineAndMissingMethodsOverTheUnixSocket() throws Exception {
		RequiredTool.NODE.require();
		RequiredTool.NPM.require();
		Path grpcJs = installGrpcJs();
		Path script = ExternalProgram.copyResource(getClass(), "grpc-js-client.js", this.directory);
		ExternalProgram node = ExternalProgram
			.start(this.directory, "node", script.toString(), grpcJs.toString(), "unix:" + this.endPoint.address())
			.await();
		assertThat(node.exitCode()).as("%s", node).isZero();
		assertThat(node.stdout().lines()).containsExactly("echo echo:over the pipe", "count 1,2,3,4,5",
				"slow error DEADLINE_EXCEEDED", "missing error UNIMPLEMENTED");
		assertThat(this.slowCancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("cancellation reached the server")
			.isTrue();
		assertThat(this.observer.accepted()).isOne();
	}

	/**
	 * grpc-servlet makes an {@code InetSocketAddress} of the request's remote and local host and
	 * port, which a pipe does not have ({@code getRemotePort()} is -1: "port out of range"); port
	 * 0 lets it through.
	 */
	public static final class PortlessPipeFilter extends HttpFilter {

		@Override
		protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			chain.doFilter(new HttpServletRequestWrapper(request) {

				@Override
				public int getRemotePort() {
					return Math.max(super.getRemotePort(), 0);
				}

				@Override
				public int getLocalPort() {
					return Math.max(super.getLocalPort(), 0);
				}

			}, response);
		}

	}

	private BindableService echoService() {
		MethodDescriptor<String, String> echo = method("Echo", MethodDescriptor.MethodType.UNARY);
		MethodDescriptor<String, String> count = method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);
		MethodDescriptor<String, String> slow = method("Slow", MethodDescriptor.MethodType.UNARY);
		ServerServiceDefinition definition = ServerServiceDefinition.builder("test.Echo")
			.addMethod(echo, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext("echo:" + request);
				response.onCompleted();
			}))
			.addMethod(count, ServerCalls.asyncServerStreamingCall((request, response) -> {
				for (int i = 1; i <= Integer.parseInt(request); i++) {
					response.onNext(Integer.toString(i));
				}
				response.onCompleted();
			}))
			// never answers: the client's deadline ends the call, and the server is told
			.addMethod(slow, ServerCalls.asyncUnaryCall((request, response) -> Context.current()
				.addListener((context) -> this.slowCancelled.countDown(), Runnable::run)))
			.build();
		return () -> definition;
	}

	private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName("test.Echo", name))
			.setRequestMarshaller(TEXT)
			.setResponseMarshaller(TEXT)
			.build();
	}

	// npm installs the pinned client once under target/tools.
	private static Path installGrpcJs() throws Exception {
		Path tools = Path.of("target", "tools").toAbsolutePath();
		Path module = tools.resolve("node_modules/@grpc/grpc-js");
		if (!Files.isRegularFile(module.resolve("package.json"))
				|| !Files.readString(module.resolve("package.json")).contains("\"version\": \"" + GRPC_JS_VERSION + "\"")) {
			Files.createDirectories(tools);
			ExternalProgram npm = ExternalProgram.run(tools, "npm", "install", "--prefix", tools.toString(), "--no-audit",
					"--no-fund", "@grpc/grpc-js@" + GRPC_JS_VERSION);
			assertThat(npm.exitCode()).as("%s", npm).isZero();
		}
		return module;
	}

}
