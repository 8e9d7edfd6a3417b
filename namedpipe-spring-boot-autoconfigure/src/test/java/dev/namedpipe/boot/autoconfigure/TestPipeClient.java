package dev.namedpipe.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.testsupport.TestPlatform;

/**
 * A client of the JDK's own, to talk to the endpoints under test the way any other process
 * would: a {@link SocketChannel} on the Unix socket, a {@link RandomAccessFile} on
 * {@code \\.\pipe\<name>} on Windows (the JDK opens pipes as files). Neither waits for a
 * server: a name that nothing serves fails at once, as does, on Windows, a name whose every
 * instance is busy. Used one direction at a time: a synchronous pipe handle serializes a
 * read and a write issued together.
 */
public final class TestPipeClient implements AutoCloseable {

	private static final Duration BUSY_WAIT = Duration.ofSeconds(30);

	private final Closeable connection;

	private final BufferedReader reader;

	private final OutputStream output;

	private TestPipeClient(Closeable connection, InputStream input, OutputStream output) {
		this.connection = connection;
		this.reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
		this.output = output;
	}

	/**
	 * Connects to the pipe of a name; on Windows, waits for a free instance while every
	 * instance is connected (ERROR_PIPE_BUSY), as a Windows client does.
	 * @param name the pipe name, as configured
	 * @return the connected client
	 * @throws IOException when nothing accepts a client now
	 */
	public static TestPipeClient connect(String name) throws IOException {
		return connect(name, BUSY_WAIT);
	}

	/**
	 * Connects to the pipe of a name, failing at once when no instance is free: for a test
	 * that a server refuses new clients (on Windows while shutting down, every instance left
	 * is a connected one).
	 * @param name the pipe name, as configured
	 * @return the connected client
	 * @throws IOException when nothing accepts a client now, or every instance is busy
	 */
	public static TestPipeClient connectWithoutWaiting(String name) throws IOException {
		return connect(name, Duration.ZERO);
	}

	private static TestPipeClient connect(String name, Duration busyWait) throws IOException {
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of(name);
		if (TestPlatform.isWindows()) {
			RandomAccessFile file = openWaitingForAFreeInstance(endPoint.address(), busyWait);
			return new TestPipeClient(file, new FileInputStream(file.getFD()), new FileOutputStream(file.getFD()));
		}
		SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(endPoint.unixSocketPath()));
		return new TestPipeClient(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel));
	}

	/**
	 * Connects, sends one line, reads one line back, and disconnects.
	 * @param name the pipe name
	 * @param line the line to send
	 * @return the line read, {@code null} at end of stream
	 * @throws IOException on a failure to connect, write or read
	 */
	public static String exchange(String name, String line) throws IOException {
		try (TestPipeClient client = connect(name)) {
			client.send(line);
			return client.readLine();
		}
	}

	public void send(String line) throws IOException {
		this.output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
	}

	public String readLine() throws IOException {
		return this.reader.readLine();
	}

	@Override
	public void close() throws IOException {
		this.connection.close();
	}

	// Between two accepts every instance of a name may be connected: Windows answers
	// ERROR_PIPE_BUSY ("Pipe busy"), and a client waits for the next instance, as ours does.
	private static RandomAccessFile openWaitingForAFreeInstance(String address, Duration busyWait)
			throws IOException {
		long deadline = System.nanoTime() + busyWait.toNanos();
		while (true) {
			try {
				return new RandomAccessFile(address, "rw");
			}
			catch (FileNotFoundException ex) {
				if (!String.valueOf(ex.getMessage()).contains("Pipe busy") || System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}
	}

}
