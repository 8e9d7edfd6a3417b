package dev.namedpipe;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import dev.namedpipe.testsupport.TestPlatform;

/**
 * A client of the JDK's own, not of this transport: a blocking {@link SocketChannel} on
 * Unix, a {@link RandomAccessFile} on Windows (the JDK opens {@code \\.\pipe\} names as
 * files, synchronously). Used one direction at a time: a synchronous pipe handle serializes
 * a read and a write issued together.
 */
abstract class RawClient implements Closeable {

	/**
	 * Connects to a listening endpoint (one whose instance is free on Windows).
	 */
	static RawClient connect(NamedPipeEndPoint endPoint) throws IOException {
		if (TestPlatform.isWindows()) {
			return new FileClient(new RandomAccessFile(endPoint.address(), "rw"));
		}
		return new ChannelClient(SocketChannel.open(UnixDomainSocketAddress.of(endPoint.unixSocketPath())));
	}

	abstract void write(byte[] bytes, int offset, int length) throws IOException;

	void write(byte[] bytes) throws IOException {
		write(bytes, 0, bytes.length);
	}

	/** Reads what is there, blocking for at least one byte; -1 at end of stream. */
	abstract int read(byte[] buffer) throws IOException;

	/** Reads until end of stream. */
	byte[] readAllBytes() {
		return readAtMost(Integer.MAX_VALUE);
	}

	/** Reads until end of stream or {@code limit} bytes. */
	byte[] readAtMost(int limit) {
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

	String readAll() {
		return new String(readAllBytes());
	}

	private static final class ChannelClient extends RawClient {

		private final SocketChannel channel;

		ChannelClient(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		void write(byte[] bytes, int offset, int length) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}

		@Override
		int read(byte[] buffer) throws IOException {
			return this.channel.read(ByteBuffer.wrap(buffer));
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

	private static final class FileClient extends RawClient {

		private final RandomAccessFile file;

		FileClient(RandomAccessFile file) {
			this.file = file;
		}

		@Override
		void write(byte[] bytes, int offset, int length) throws IOException {
			this.file.write(bytes, offset, length);
		}

		@Override
		int read(byte[] buffer) throws IOException {
			return this.file.read(buffer);
		}

		@Override
		public void close() throws IOException {
			this.file.close();
		}

	}

}
