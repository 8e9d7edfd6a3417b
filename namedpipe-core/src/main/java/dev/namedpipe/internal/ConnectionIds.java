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

	public static String next() {
		long value = counter.incrementAndGet();
		char[] id = new char[13];
		for (int i = 12; i >= 0; i--) {
			id[i] = ALPHABET[(int) (value & 31)];
			value >>>= 5;
		}
		return new String(id);
	}

}
