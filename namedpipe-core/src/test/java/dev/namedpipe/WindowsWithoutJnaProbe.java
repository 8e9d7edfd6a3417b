package dev.namedpipe;

/**
 * Run in a child JVM without JNA by {@link WindowsWithoutJnaTests}: binds a pipe and prints
 * the exception's type and message.
 */
final class WindowsWithoutJnaProbe {

	private WindowsWithoutJnaProbe() {
	}

	public static void main(String[] args) throws Exception {
		try (NamedPipeConnectionListener listener = NamedPipeTransport.bind("namedpipe-without-jna")) {
			System.out.println("bound without JNA: " + listener);
		}
		catch (IllegalStateException ex) {
			System.out.println(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

}
