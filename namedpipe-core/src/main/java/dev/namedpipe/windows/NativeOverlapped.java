package dev.namedpipe.windows;

import java.nio.ByteBuffer;

/**
 * An OVERLAPPED structure and its data buffer in native memory, allocated and freed by
 * {@link Win32Pipes}. Both must stay allocated until the operation they were given to has
 * completed (its completion was dequeued from the port), however it ended.
 */
interface NativeOverlapped {

	/**
	 * The OVERLAPPED's native address, which identifies the operation in its completion.
	 * @return the address
	 */
	long address();

	/**
	 * The data buffer's size.
	 * @return the capacity in bytes
	 */
	int capacity();

	/**
	 * Zeroes the OVERLAPPED for a new operation.
	 */
	void reset();

	/**
	 * Copies bytes from {@code source} to the start of the data buffer.
	 * @param source the bytes; its position advances by {@code count}
	 * @param count how many, at most {@link #capacity()}
	 */
	void put(ByteBuffer source, int count);

	/**
	 * Copies bytes from the start of the data buffer to {@code target}.
	 * @param target where to put them; its position advances by {@code count}
	 * @param count how many, at most {@link #capacity()}
	 */
	void get(ByteBuffer target, int count);

}
