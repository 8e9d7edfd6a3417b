package dev.namedpipe;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * One client connection on a named pipe.
 *
 * <p>I/O runs on the caller's thread; the transport starts no thread per connection, so an
 * idle connection costs a file handle and a few objects (and, on a virtual thread, no
 * platform thread). Output is buffered up to {@code max-write-buffer-size}: call
 * {@link OutputStream#flush()} to send. Reads return {@code -1} at end of stream and after
 * a local {@link #close()}; after {@link #abort(String)} they throw
 * {@link ConnectionAbortedException} with the reason.
 */
public interface NamedPipeConnection extends Closeable {

	/**
	 * A short identifier, unique in this process, used in logs.
	 * @return the id
	 */
	String id();

	/**
	 * The endpoint the connection was accepted on (or connected to, for a client).
	 * @return the endpoint
	 */
	NamedPipeEndPoint endPoint();

	/**
	 * Who is on the other end.
	 * @return the peer's identity
	 */
	PeerIdentity peer();

	/**
	 * The stream of bytes from the peer; closing it closes the connection.
	 * @return the input stream
	 */
	InputStream inputStream();

	/**
	 * The stream of bytes to the peer, buffered up to the write limit; closing it closes the
	 * connection.
	 * @return the output stream
	 */
	OutputStream outputStream();

	/**
	 * Sends what is buffered, ends the output so the peer reads end of stream, and releases the
	 * pipe. Nothing written before is lost. Idempotent; waits for a write in progress on
	 * another thread (use {@link #abort(String)} to stop a stuck peer).
	 */
	@Override
	void close();

	/**
	 * Drops the connection at once: pending and later reads fail with the reason, buffered and
	 * later writes are discarded. Idempotent; does not block.
	 * @param reason why, reported to readers and in logs
	 */
	void abort(String reason);

	/**
	 * Drops the connection at once, as {@link #abort(String)} does, and reports it closed
	 * with the given error type: for a server built on the transport that knows why it
	 * dropped the connection (a timeout, a protocol error, a shutdown).
	 * @param reason why, reported to readers and in logs
	 * @param errorType how the connection ended, as metrics and observers see it
	 */
	void abort(String reason, ConnectionErrorType errorType);

	/**
	 * Whether neither {@link #close()} nor {@link #abort(String)} has begun.
	 * @return {@code true} while open
	 */
	boolean isOpen();

	/**
	 * Completes when the connection has closed, with how it ended.
	 * @return a stage completing once
	 */
	CompletionStage<ConnectionErrorType> closed();

	/**
	 * How long the connection was (or has been) open.
	 * @return the duration
	 */
	Duration duration();

	/**
	 * Bytes read from the pipe so far.
	 * @return the count
	 */
	long bytesRead();

	/**
	 * Bytes written to the pipe so far (not counting buffered ones).
	 * @return the count
	 */
	long bytesWritten();

	/**
	 * Runs an action as the client, as .NET's {@code NamedPipeServerStream.RunAsClient} (and
	 * Kestrel's {@code IConnectionNamedPipeFeature}): on Windows the action runs impersonating
	 * the client ({@code ImpersonateNamedPipeClient} on the thread that runs it,
	 * {@code RevertToSelf} after, also when it throws); called on a virtual thread, the action
	 * runs on a platform thread of its own (impersonation belongs to an OS thread), which this
	 * call waits for. What the action may do is what the client allowed: our client (and .NET's
	 * with {@code TokenImpersonationLevel.Identification}) allows identification only, so the
	 * action can read the client's token (user, groups, privileges) but not act as the client
	 * (opening a file fails with {@code ERROR_BAD_IMPERSONATION_LEVEL}); a client that opened
	 * with {@code SECURITY_IMPERSONATION} lets it act as the client on this machine. Windows
	 * refuses before the server has read from the pipe, and on a client-side connection, which
	 * has no client to impersonate.
	 * @param action the action
	 * @param <T> what the action returns
	 * @return what the action returned
	 * @throws UnsupportedOperationException on Unix, where a socket's peer cannot be
	 * impersonated (its identity is {@link #peer()})
	 * @throws java.io.IOException when the client cannot be impersonated; the action was not
	 * run
	 * @throws Exception what the action threw
	 */
	default <T> T runAsClient(Callable<T> action) throws Exception {
		throw new UnsupportedOperationException("Named pipe '" + endPoint().name() + "': impersonating the client is a "
				+ "Windows feature; a Unix socket's peer cannot be impersonated (its identity is peer())");
	}

}
