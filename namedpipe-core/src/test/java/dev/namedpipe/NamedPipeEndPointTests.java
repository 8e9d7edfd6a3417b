package dev.namedpipe;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.namedpipe.testsupport.UnixOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NamedPipeEndPointTests {

	private static final Path TMP = Path.of("/tmp");

	@Test
	@UnixOnly("builds the socket path on this file system")
	void unixNameFollowsDotNetConvention() {
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of("my-app", NamedPipePlatform.LINUX, Path.of("/var/tmp"));
		assertThat(endPoint.address()).isEqualTo("/var/tmp/CoreFxPipe_my-app");
		assertThat(endPoint.unixSocketPath()).isEqualTo(Path.of("/var/tmp/CoreFxPipe_my-app"));
		assertThat(endPoint.name()).isEqualTo("my-app");
	}

	@Test
	void absoluteNameIsUsedAsTheSocketPath() {
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of("/run/app/api.sock", NamedPipePlatform.LINUX, TMP);
		assertThat(endPoint.address()).isEqualTo("/run/app/api.sock");
	}

	@Test
	void windowsNameBecomesPipePath() {
		NamedPipeEndPoint endPoint = NamedPipeEndPoint.of("my-app", NamedPipePlatform.WINDOWS, null);
		assertThat(endPoint.address()).isEqualTo("\\\\.\\pipe\\my-app");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(endPoint::unixSocketPath);
	}

	@Test
	void emptyNameIsRejected() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of(" ", NamedPipePlatform.LINUX, TMP))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("name"));
	}

	@Test
	void relativeNameWithSlashIsRejected() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("a/b", NamedPipePlatform.LINUX, TMP))
			.withMessageContaining("'a/b'")
			.withMessageContaining("must not contain '/'");
	}

	@Test
	void nulCharacterIsRejected() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("a\0b", NamedPipePlatform.LINUX, TMP))
			.withMessageContaining("NUL");
	}

	@Test
	void linuxPathOverLimitNamesNameAndLimit() {
		String name = "x".repeat(96); // /tmp/CoreFxPipe_ is 16 bytes: 112 > 107
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of(name, NamedPipePlatform.LINUX, TMP))
			.withMessageContaining("'" + name + "'")
			.withMessageContaining("112 bytes")
			.withMessageContaining("107-byte limit of Linux");
	}

	@Test
	void linuxPathAtLimitIsAccepted() {
		String name = "x".repeat(107 - 16);
		assertThat(NamedPipeEndPoint.of(name, NamedPipePlatform.LINUX, TMP).address()).hasSize(107);
	}

	@Test
	void macosLimitIsSmaller() {
		String name = "x".repeat(107 - 16);
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of(name, NamedPipePlatform.MACOS, TMP))
			.withMessageContaining("103-byte limit of macOS");
	}

	@Test
	void multiByteCharactersCountAsBytes() {
		String name = "é".repeat(46); // 92 bytes + 16 = 108 > 107, though only 62 characters
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of(name, NamedPipePlatform.LINUX, TMP))
			.withMessageContaining("108 bytes");
	}

	@Test
	void windowsRemoteStyleNameIsRefused() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("\\\\server\\pipe\\x", NamedPipePlatform.WINDOWS, null))
			.withMessageContaining("remote pipes are never served");
	}

	@Test
	void windowsBackslashAndReservedNamesAreRefused() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("a\\b", NamedPipePlatform.WINDOWS, null))
			.withMessageContaining("backslash");
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("Anonymous", NamedPipePlatform.WINDOWS, null))
			.withMessageContaining("reserved");
	}

	@Test
	void windowsPathOverLimitIsRefused() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of("x".repeat(250), NamedPipePlatform.WINDOWS, null))
			.withMessageContaining("limit of 256");
	}

	@Test
	void platformIsDetectedFromOsName() {
		assertThat(NamedPipePlatform.of("Windows 11")).isEqualTo(NamedPipePlatform.WINDOWS);
		assertThat(NamedPipePlatform.of("Linux")).isEqualTo(NamedPipePlatform.LINUX);
		assertThat(NamedPipePlatform.of("Mac OS X")).isEqualTo(NamedPipePlatform.MACOS);
		assertThat(NamedPipePlatform.of("FreeBSD")).isEqualTo(NamedPipePlatform.OTHER_UNIX);
		assertThat(NamedPipePlatform.WINDOWS.networkTransport()).isEqualTo("pipe");
		assertThat(NamedPipePlatform.LINUX.networkTransport()).isEqualTo("unix");
	}

	@Test
	void clientPipeNameResolvesAsAServerNameDoes() {
		assertThat(NamedPipeEndPoint.parse("my-app", NamedPipePlatform.LINUX, TMP).address())
			.isEqualTo(unixPath("/tmp/CoreFxPipe_my-app"));
		assertThat(NamedPipeEndPoint.parse("my-app", NamedPipePlatform.WINDOWS, null).address())
			.isEqualTo("\\\\.\\pipe\\my-app");
		assertThat(NamedPipeEndPoint.parse(" /run/app/api.sock ", NamedPipePlatform.LINUX, TMP).address())
			.isEqualTo("/run/app/api.sock");
	}

	@Test
	void dockerUriFormsResolve() {
		assertThat(NamedPipeEndPoint.parse("npipe:////./pipe/docker_engine", NamedPipePlatform.WINDOWS, null).address())
			.isEqualTo("\\\\.\\pipe\\docker_engine");
		assertThat(NamedPipeEndPoint.parse("npipe://./pipe/docker_engine", NamedPipePlatform.WINDOWS, null).address())
			.isEqualTo("\\\\.\\pipe\\docker_engine");
		assertThat(NamedPipeEndPoint.parse("npipe:////./pipe/docker_engine", NamedPipePlatform.LINUX, TMP).address())
			.isEqualTo(unixPath("/tmp/CoreFxPipe_docker_engine"));
		assertThat(NamedPipeEndPoint.parse("unix:///var/run/docker.sock", NamedPipePlatform.LINUX, TMP).address())
			.isEqualTo("/var/run/docker.sock");
		assertThat(NamedPipeEndPoint.parse("unix:/var/run/docker.sock", NamedPipePlatform.MACOS, TMP).address())
			.isEqualTo("/var/run/docker.sock");
		assertThat(NamedPipeEndPoint.parse("\\\\.\\pipe\\docker_engine", NamedPipePlatform.WINDOWS, null).address())
			.isEqualTo("\\\\.\\pipe\\docker_engine");
	}

	@Test
	void malformedClientPipesAreRejectedNamingTheValue() {
		assertRejectedPipe("npipe://server/pipe/docker_engine", NamedPipePlatform.WINDOWS, "host 'server'");
		assertRejectedPipe("\\\\server\\pipe\\x", NamedPipePlatform.WINDOWS, "host 'server'");
		assertRejectedPipe("npipe:////./docker_engine", NamedPipePlatform.WINDOWS, "npipe:////./pipe/<name>");
		assertRejectedPipe("unix://var/run/docker.sock", NamedPipePlatform.LINUX, "absolute socket path");
		assertRejectedPipe("unix:///var/run/docker.sock", NamedPipePlatform.WINDOWS, "not named pipes on Windows");
		assertRejectedPipe("tcp://localhost:2375", NamedPipePlatform.LINUX, "only npipe: and unix: URIs");
		assertRejectedPipe("a/b", NamedPipePlatform.LINUX, "must not contain '/'");
		assertRejectedPipe("unix:///" + "x".repeat(200), NamedPipePlatform.LINUX, "107-byte limit");
		assertRejectedPipe(" ", NamedPipePlatform.LINUX, "must not be empty");
	}

	private static void assertRejectedPipe(String pipe, NamedPipePlatform platform, String reason) {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.parse(pipe, platform, TMP))
			.withMessageContaining("'" + pipe + "'")
			.withMessageContaining(reason)
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("pipe"));
	}

	// A path under the temporary directory as this JVM's Path writes it (the tests run on a
	// Windows JVM too); an absolute path given is kept as written.
	private static String unixPath(String path) {
		return Path.of(path).toString();
	}

}
