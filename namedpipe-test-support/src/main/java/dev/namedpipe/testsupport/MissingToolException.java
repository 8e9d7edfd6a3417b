package dev.namedpipe.testsupport;

import org.opentest4j.TestAbortedException;

/**
 * A test aborted because a tool it runs, or root, is missing ({@link RequiredTool}), which
 * {@link MissingToolsListener} lists.
 */
final class MissingToolException extends TestAbortedException {

	private static final long serialVersionUID = 1L;

	MissingToolException(String message) {
		super(message);
	}

}
