package dev.namedpipe.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection ids in Kestrel's style: 13 base-32 characters of a counter seeded from the
 * clock, so ids from different runs rarely collide in logs. Internal.
 */
public final class ConnectionIds {

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUV".toCharArray();

	private static final AtomicLong counter = new AtomicLong(System.currentTimeMillis() << 16);

	private ConnectionIds() {
	}

	/**
	 * The next id, as a number: connections keep it so and format it when asked.
	 * @return the id
	 */
	public static long next() {
		return counter.incrementAndGet();
	}

	/**
	 * An id as it appears in logs.
	 * @param id the id
	 * @return its text
	 */
	public static String format(long id) {
		long value = id;
		char[] text = new char[13];
		for (int i = 12; i >= 0; i--) {
			text[i] = ALPHABET[(int) (value & 31)];
			value >>>= 5;
		}
		return new String(text);
	}

}
