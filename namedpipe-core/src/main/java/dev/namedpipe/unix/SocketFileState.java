package dev.namedpipe.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What is at a socket path, read without following links: the file type, owner and identity
 * (device and inode), so that binding and unbinding act only on what they expect.
 *
 * @param kind the file type
 * @param uid the owner's user id, -1 when absent
 * @param fileKey the device and inode, {@code null} when absent
 */
record SocketFileState(Kind kind, long uid, Object fileKey) {

	private static final int TYPE_MASK = 0170000;

	static SocketFileState of(Path path) throws IOException {
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(path, "unix:mode,uid,fileKey", LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return new SocketFileState(Kind.ABSENT, -1, null);
		}
		int mode = (Integer) attributes.get("mode");
		long uid = ((Number) attributes.get("uid")).longValue();
		return new SocketFileState(Kind.of(mode & TYPE_MASK), uid, attributes.get("fileKey"));
	}

	static int mode(Path path) throws IOException {
		return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * File types, by the {@code S_IFMT} bits of {@code st_mode}.
	 */
	enum Kind {

		ABSENT(-1, "absent"), SOCKET(0140000, "a socket"), SYMBOLIC_LINK(0120000, "a symbolic link"),
		REGULAR_FILE(0100000, "a regular file"), DIRECTORY(0040000, "a directory"), FIFO(0010000, "a FIFO"),
		OTHER(0, "a special file");

		private final int type;

		private final String description;

		Kind(int type, String description) {
			this.type = type;
			this.description = description;
		}

		static Kind of(int type) {
			for (Kind kind : values()) {
				if (kind.type == type) {
					return kind;
				}
			}
			return OTHER;
		}

		String description() {
			return this.description;
		}

	}

}
