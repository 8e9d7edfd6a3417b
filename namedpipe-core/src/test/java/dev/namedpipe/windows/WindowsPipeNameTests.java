package dev.namedpipe.windows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipeEndPoint;
import dev.namedpipe.NamedPipePlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The names this backend is given: always local {@code \\.\pipe\} paths, never remote ones.
 */
class WindowsPipeNameTests {

	@ParameterizedTest
	@ValueSource(strings = { "\\\\server\\pipe\\app", "\\\\.\\pipe\\app", "sub\\app", "anonymous" })
	void remoteFullOrNestedNamesAreRefused(String name) {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeEndPoint.of(name, NamedPipePlatform.WINDOWS, null))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("name"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "app", "my-app.v2", "CoreFxPipe_app" })
	void plainNamesBecomeLocalPipePaths(String name) {
		assertThat(NamedPipeEndPoint.of(name, NamedPipePlatform.WINDOWS, null).address())
			.isEqualTo("\\\\.\\pipe\\" + name);
	}

}
