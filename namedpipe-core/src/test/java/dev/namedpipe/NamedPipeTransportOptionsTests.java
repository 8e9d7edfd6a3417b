package dev.namedpipe;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NamedPipeTransportOptionsTests {

	@Test
	void defaultsFollowKestrel() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.defaults();
		assertThat(options.listenerQueueCount())
			.isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), 16));
		assertThat(options.maxReadBufferSize()).isEqualTo(1024 * 1024);
		assertThat(options.maxWriteBufferSize()).isEqualTo(64 * 1024);
		assertThat(options.currentUserOnly()).isTrue();
		assertThat(options.rejectRemoteClients()).isTrue();
		assertThat(options.verifyServerOwner()).isTrue();
		assertThat(options.serverOwner()).isNull();
		assertThat(options.securityDescriptor()).isNull();
		assertThat(PosixFilePermissions.toString(options.unixSocketPermissions())).isEqualTo("rw-------");
		assertThat(options.maxConnections()).isNull();
		assertThat(options.idleTimeout()).isNull();
		assertThat(options.instanceSettings()).isEqualTo(new NamedPipeInstanceSettings(65536, 65536, false, true));
		assertThat(options.instanceCustomizer()).isSameAs(NamedPipeInstanceCustomizer.NONE);
		assertThat(options.unixSendBufferSize()).isZero();
	}

	@Test
	void instanceBufferSizesOutsideZeroToIntMaxNameSettingAndValue() {
		assertRefused("instance-in-buffer-size", -1L, (builder) -> builder.instanceInBufferSize(-1));
		long tooLarge = Integer.MAX_VALUE + 1L;
		assertRefused("instance-out-buffer-size", tooLarge, (builder) -> builder.instanceOutBufferSize(tooLarge));
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> new NamedPipeInstanceSettings(0, 0, false, true).withOutBufferSize(-5))
			.withMessageContaining("'instance-out-buffer-size'");
		assertThat(NamedPipeTransportOptions.builder().instanceInBufferSize(0).build().instanceInBufferSize()).isZero();
		assertRefused("unix-send-buffer-size", -1L, (builder) -> builder.unixSendBufferSize(-1));
		assertRefused("unix-send-buffer-size", tooLarge, (builder) -> builder.unixSendBufferSize(tooLarge));
	}

	@Test
	void unixSendBufferSizeIsRefusedOnWindowsNamingTheSetting() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().unixSendBufferSize(1 << 20).build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> options.validateFor(NamedPipePlatform.WINDOWS))
			.withMessageContaining("'unix-send-buffer-size'")
			.withMessageContaining("instance-out-buffer-size");
		options.validateFor(NamedPipePlatform.LINUX);
		assertThat(options.toBuilder().build().unixSendBufferSize()).isEqualTo(1 << 20);
	}

	@Test
	void limitsOfZeroOrLessNameSettingAndValue() {
		assertRefused("max-connections", 0, (builder) -> builder.maxConnections(0));
		assertRefused("max-connections", -1, (builder) -> builder.maxConnections(-1));
		assertRefused("idle-timeout", Duration.ZERO, (builder) -> builder.idleTimeout(Duration.ZERO));
		Duration negative = Duration.ofSeconds(-1);
		assertRefused("idle-timeout", negative, (builder) -> builder.idleTimeout(negative));
	}

	private static void assertRefused(String setting, Object value,
			Consumer<NamedPipeTransportOptions.Builder> change) {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> change.accept(NamedPipeTransportOptions.builder()))
			.withMessageContaining("'" + setting + "'")
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo(setting);
				assertThat(ex.getValue()).isEqualTo(value);
			});
	}

	@Test
	void serverOwnerIsKeptByToBuilderAndCheckedAgainstTheSwitchAndThePlatform() {
		NamedPipeTransportOptions system = NamedPipeTransportOptions.builder().serverOwner("S-1-5-18").build();
		assertThat(system.toBuilder().build().serverOwner()).isEqualTo("S-1-5-18");
		system.validateFor(NamedPipePlatform.WINDOWS);
		system.validateFor(NamedPipePlatform.LINUX);
		assertRefused("server-owner", " ", (builder) -> builder.serverOwner(" "));
		assertRefused("server-owner", "root", (builder) -> builder.serverOwner("root").verifyServerOwner(false).build());
		NamedPipeTransportOptions root = NamedPipeTransportOptions.builder().serverOwner("root").build();
		root.validateFor(NamedPipePlatform.MACOS);
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> root.validateFor(NamedPipePlatform.WINDOWS))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("server-owner"));
		assertThat(NamedPipeTransportOptions.builder().verifyServerOwner(false).build().verifyServerOwner()).isFalse();
	}

	@Test
	void limitsAreKeptByToBuilderAndRemovedWithNull() {
		NamedPipeTransportOptions limited = NamedPipeTransportOptions.builder()
			.maxConnections(100)
			.idleTimeout(Duration.ofMinutes(5))
			.build();
		assertThat(limited.toBuilder().build().maxConnections()).isEqualTo(100);
		assertThat(limited.toBuilder().build().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
		NamedPipeTransportOptions unlimited = limited.toBuilder().maxConnections(null).idleTimeout(null).build();
		assertThat(unlimited.maxConnections()).isNull();
		assertThat(unlimited.idleTimeout()).isNull();
	}

	@Test
	void queueCountOutOfRangeNamesSettingAndValue() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().listenerQueueCount(0))
			.withMessageContaining("'0'")
			.withMessageContaining("'listener-queue-count'")
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("listener-queue-count");
				assertThat(ex.getValue()).isEqualTo(0);
			});
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().listenerQueueCount(257));
	}

	@Test
	void negativeBufferSizesAreRejected() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().maxReadBufferSize(-1))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("max-read-buffer-size"));
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().maxWriteBufferSize(-5))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("max-write-buffer-size"));
	}

	@Test
	void zeroBufferSizeMeansUnlimited() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.maxReadBufferSize(0)
			.maxWriteBufferSize(0)
			.build();
		assertThat(options.maxReadBufferSize()).isZero();
		assertThat(options.maxWriteBufferSize()).isZero();
	}

	@Test
	void securityDescriptorWithCurrentUserOnlyIsAConflict() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().securityDescriptor("D:P(A;;GA;;;SY)").build())
			.withMessageContaining("current-user-only")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("security-descriptor"));
		assertThat(NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("D:P(A;;GA;;;SY)")
			.build()
			.securityDescriptor()).isEqualTo("D:P(A;;GA;;;SY)");
	}

	@Test
	void permissionsWithCurrentUserOnlyIsAConflict() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().unixSocketPermissions("0660").build())
			.withMessageContaining("rw-rw----")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("unix-socket-permissions"));
	}

	@Test
	void permissionsParseOctalAndSymbolic() {
		NamedPipeTransportOptions octal = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions("0660")
			.build();
		assertThat(PosixFilePermissions.toString(octal.unixSocketPermissions())).isEqualTo("rw-rw----");
		NamedPipeTransportOptions symbolic = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions("rw-r-----")
			.build();
		assertThat(PosixFilePermissions.toString(symbolic.unixSocketPermissions())).isEqualTo("rw-r-----");
		NamedPipeTransportOptions unset = NamedPipeTransportOptions.builder().currentUserOnly(false).build();
		assertThat(PosixFilePermissions.toString(unset.unixSocketPermissions())).isEqualTo("rw-rw-rw-");
	}

	@Test
	void unparsablePermissionsNameTheValue() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().unixSocketPermissions("0999"))
			.withMessageContaining("'0999'")
			.withMessageContaining("rw-rw----");
	}

	@Test
	void permissionsWithoutOwnerWriteAreRejected() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder()
				.currentUserOnly(false)
				.unixSocketPermissions("r--rw-rw-")
				.build())
			.withMessageContaining("owner write");
	}

	@Test
	void windowsOnlySettingOnUnixIsRejected() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor("D:P(A;;GA;;;SY)")
			.build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> options.validateFor(NamedPipePlatform.LINUX))
			.withMessageContaining("Windows pipes only")
			.withMessageContaining("Linux");
		options.validateFor(NamedPipePlatform.WINDOWS);
	}

	@Test
	void unixOnlySettingOnWindowsIsRejected() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions("0660")
			.build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> options.validateFor(NamedPipePlatform.WINDOWS))
			.withMessageContaining("Unix sockets only");
		options.validateFor(NamedPipePlatform.LINUX);
	}

	@Test
	void toBuilderKeepsEverySetting() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.listenerQueueCount(3)
			.maxReadBufferSize(10)
			.maxWriteBufferSize(20)
			.currentUserOnly(false)
			.unixSocketPermissions("0640")
			.rejectRemoteClients(false)
			.build();
		assertThat(options.toBuilder().build()).hasToString(options.toString());
	}

}
