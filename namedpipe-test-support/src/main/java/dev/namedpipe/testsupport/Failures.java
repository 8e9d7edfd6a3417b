package dev.namedpipe.testsupport;

/**
 * Finding what a test expects in a chain of causes.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * The first throwable of a type in a failure's chain of causes, the failure included.
	 * @param <T> the type
	 * @param failure the failure
	 * @param type the type
	 * @return the first of that type
	 * @throws AssertionError, with the failure as its cause, when the chain has none
	 */
	public static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in the failure", failure);
	}

}
