package dev.namedpipe.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.testsupport.ExternalProgram;
import dev.namedpipe.testsupport.RequiredTool;
import dev.namedpipe.testsupport.TestPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gRPC client no one here wrote, {@code @grpc/grpc-js} from npm, calling the server behind
 * the pipe connector ({@link GrpcPipeServer}) on a {@code unix:} target (the socket path, or on Windows {@code \\.\pipe\<name>}, which Node's {@code net} opens
 * as a pipe): a unary call, a
 * server-streaming call, a deadline the server outlives (DEADLINE_EXCEEDED, and the server
 * sees the cancellation), a method it does not have (UNIMPLEMENTED), and who the service saw
 * calling (the node process); all on one pipe connection.
 */
class GrpcJsClientTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path directory;

	private GrpcPipeServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = GrpcPipeServer.startInOwnDirectory();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void grpcJsCallsUnaryStreamingDeadlineAndMissingMethodsOverTheUnixSocket() throws Exception {
		Path script = ExternalProgram.copyResource(getClass(), "grpc-js-client.js", this.directory);
		ExternalProgram.copyResource(getClass(), "text-methods.js", this.directory);
		ExternalProgram node = ExternalProgram
			.start(this.directory, "node", script.toString(), GrpcJs.install().toString(), "unix:" + this.server.endPoint().address())
			.await();
		assertThat(node.exitCode()).as("%s", node).isZero();
		String user = TestPlatform.currentUser();
		assertThat(node.stdout().lines()).hasSize(5)
			.startsWith("echo echo:over the pipe", "count 1,2,3,4,5", "slow error DEADLINE_EXCEEDED",
					"missing error UNIMPLEMENTED")
			.last()
			.satisfies((who) -> assertThat(who).startsWith("who " + user + " ").endsWith(" " + node.pid()));
		assertThat(this.server.service.slowCancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS))
			.as("cancellation reached the server")
			.isTrue();
		assertThat(this.server.observer.accepted()).isOne();
	}

	/**
	 * The pinned {@code @grpc/grpc-js}, installed once by npm under {@code target/tools}, or
	 * found where {@code scripts/windows-under-wine} installed it for Node.js for Windows (the
	 * directory named by {@value #PREFIX_VARIABLE}; the Windows JVM has no npm to run).
	 */
	static final class GrpcJs {

		static final String VERSION = "1.14.7";

		static final String PREFIX_VARIABLE = "NAMEDPIPE_NODE_PREFIX";

		private GrpcJs() {
		}

		static Path install() throws Exception {
			RequiredTool.NODE.require();
			String prepared = System.getenv(PREFIX_VARIABLE);
			Path tools = (prepared != null) ? Path.of(prepared) : Path.of("target", "tools").toAbsolutePath();
			Path module = tools.resolve("node_modules/@grpc/grpc-js");
			Path manifest = module.resolve("package.json");
			if (!Files.isRegularFile(manifest)
					|| !Files.readString(manifest).contains("\"version\": \"" + VERSION + "\"")) {
				RequiredTool.NPM.require();
				Files.createDirectories(tools);
				ExternalProgram npm = ExternalProgram.run(tools, "npm", "install", "--prefix", tools.toString(),
						"--no-audit", "--no-fund", "@grpc/grpc-js@" + VERSION);
				assertThat(npm.exitCode()).as("%s", npm).isZero();
			}
			return module;
		}

	}

}
