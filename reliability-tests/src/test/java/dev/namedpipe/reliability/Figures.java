package dev.namedpipe.reliability;

/**
 * Prints a measured figure in one greppable line ({@code FIGURE <case>: ...}), for
 * docs/reliability.md.
 */
final class Figures {

	private Figures() {
	}

	static void report(String testCase, String format, Object... arguments) {
		System.out.println("FIGURE " + testCase + ": " + String.format(format, arguments));
	}

}
