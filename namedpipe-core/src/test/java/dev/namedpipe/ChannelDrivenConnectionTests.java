package dev.namedpipe;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.namedpipe.spi.AbstractNamedPipeConnection;
import dev.namedpipe.unix.UnixDomainSocketConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that a server drives over their channel, never touching their streams (as the
 * Jetty connector's selector does), and the close bookkeeping kept on every connection.
 */
class ChannelDrivenConnectionTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Path directory;

	private NamedPipeEndPoint endPoint;

	private NamedPipeConnectionListener listener;

	@BeforeEach
	void setUp() throws IOException {
		this.directory = TestPipes.shortTempDirectory();
		this.endPoint = TestPipes.endPointIn(this.directory);
		this.listener = TestPipes.bind(this.endPoint);
	}

	@AfterEach
	void tearDown() throws IOException {
		this.listener.close();
		Files.delete(this.directory);
	}

	private SocketChannel connectClient() throws IOException {
		return SocketChannel.open(UnixDomainSocketAddress.of(this.endPoint.unixSocketPath()));
	}

	private UnixDomainSocketConnection accept() throws InterruptedException {
		return (UnixDomainSocketConnection) this.listener.accept(WAIT).orElseThrow();
	}

	@Test
	void closeEndsTheOutputOfAConnectionWhoseStreamsWereNeverUsed() throws Exception {
		try (SocketChannel client = connectClient()) {
			UnixDomainSocketConnection connection = accept();
			connection.channel().write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
			connection.recordTransferred(0, 4);
			connection.close();
			assertThat(Channels.newInputStream(client).readAllBytes()).asString().isEqualTo("pong");
			assertThat(connection.closed().toCompletableFuture().get()).isEqualTo(ConnectionErrorType.NONE);
			assertThat(connection.bytesWritten()).isEqualTo(4);
			assertThat(this.listener.totalBytesWritten()).isEqualTo(4);
		}
	}

	@Test
	void whenClosedRunsOnceWithHowTheConnectionEnded() throws Exception {
		try (SocketChannel client = connectClient()) {
			AbstractNamedPipeConnection connection = accept();
			List<ConnectionErrorType> ends = new CopyOnWriteArrayList<>();
			connection.whenClosed(ends::add);
			assertThat(ends).isEmpty();
			connection.abort("peer sent garbage", ConnectionErrorType.IO_ERROR);
			connection.close();
			connection.abort("again");
			assertThat(ends).containsExactly(ConnectionErrorType.IO_ERROR);
			connection.whenClosed(ends::add);
			assertThat(ends).containsExactly(ConnectionErrorType.IO_ERROR, ConnectionErrorType.IO_ERROR);
			assertThat(Channels.newInputStream(client).read()).isEqualTo(-1);
		}
	}

}
