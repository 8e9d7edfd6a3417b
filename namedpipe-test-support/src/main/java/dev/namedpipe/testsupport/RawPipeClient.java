package dev.namedpipe.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of the JDK's own, not of the transport: a blocking {@link SocketChannel} on Unix,
 * a {@link RandomAccessFile} on Windows (the JDK opens {@code \\.\pipe\} names as files,
 * synchronously). Use it one direction at a time: a synchronous pipe handle serializes a
 * read and a write issued together.
 */
public abstract class RawPipeClient implements Closeable {

	private static final Duration BUSY_WAIT = Duration.ofSeconds(30);

	RawPipeClient() {
	}

	/**
	 * Connects to a listening pipe; on Windows, while every instance is busy, tries again
	 * for up to 30 seconds (the JDK has no {@code WaitNamedPipe}).
	 * @param address the pipe's address: its socket path on Unix, {@code \\.\pipe\<name>} on
	 * Windows
	 * @return the connected client
	 * @throws IOException when it cannot connect
	 */
	public static RawPipeClient connect(String address) throws IOException {
		if (!TestPlatform.isWindows()) {
			return new ChannelClient(SocketChannel.open(UnixDomainSocketAddress.of(address)));
		}
		long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
		while (true) {
			try {
				return new FileClient(new RandomAccessFile(address, "rw"));
			}
			catch (FileNotFoundException ex) {
				if (!String.valueOf(ex.getMessage()).contains("busy") || System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}
	}

	/**
	 * Writes every byte, blocking while the pipe is full.
	 * @param bytes the bytes
	 * @param offset where they start
	 * @param length how many
	 * @throws IOException when the pipe fails
	 */
	public abstract void write(byte[] bytes, int offset, int length) throws IOException;

	/**
	 * Writes every byte, blocking while the pipe is full.
	 * @param bytes the bytes
	 * @throws IOException when the pipe fails
	 */
	public void write(byte[] bytes) throws IOException {
		write(bytes, 0, bytes.length);
	}

	/**
	 * Ends the output where the platform can (a Unix socket's {@code shutdown(SHUT_WR)}): the
	 * peer reads the end of the stream and can still answer. A Win32 pipe cannot half-close, so
	 * on Windows this does nothing and the peer must see the end of a message in its content.
	 * @throws IOException when the pipe fails
	 */
	public abstract void endOutput() throws IOException;

	/**
	 * Reads what is there, blocking for at least one byte.
	 * @param buffer where to put it
	 * @return the count, -1 at end of stream
	 * @throws IOException when the pipe fails
	 */
	public abstract int read(byte[] buffer) throws IOException;

	/**
	 * Reads until end of stream.
	 * @return the bytes
	 */
	public byte[] readAllBytes() {
		return readAtMost(Integer.MAX_VALUE);
	}

	/**
	 * Reads until end of stream or {@code limit} bytes.
	 * @param limit the most to read
	 * @return the bytes
	 */
	public byte[] readAtMost(int limit) {
		try {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			byte[] buffer = new byte[64 * 1024];
			while (all.size() < limit) {
				int count = read(buffer);
				if (count < 0) {
					break;
				}
				all.write(buffer, 0, count);
			}
			return all.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads until end of stream, as text.
	 * @return the text
	 */
	public String readAll() {
		return new String(readAllBytes());
	}

	private static final class ChannelClient extends RawPipeClient {

		private final SocketChannel channel;

		ChannelClient(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}

		@Override
		public void endOutput() throws IOException {
			this.channel.shutdownOutput();
		}

		@Override
		public int read(byte[] buffer) throws IOException {
			return this.channel.read(ByteBuffer.wrap(buffer));
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

	private static final class FileClient extends RawPipeClient {

		private final RandomAccessFile file;

		FileClient(RandomAccessFile file) {
			this.file = file;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.file.write(bytes, offset, length);
		}

		@Override
		public void endOutput() {
		}

		@Override
		public int read(byte[] buffer) throws IOException {
			return this.file.read(buffer);
		}

		@Override
		public void close() throws IOException {
			this.file.close();
		}

	}

}
