package dev.namedpipe.windows;

import org.junit.jupiter.api.Test;

import dev.namedpipe.InvalidNamedPipeSettingException;
import dev.namedpipe.NamedPipePlatform;
import dev.namedpipe.NamedPipeTransportOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which security descriptor a listener gets, and the option conflicts around it.
 */
class PipeSecurityTests {

	private static final String SID = "S-1-5-21-3623811015-3361044348-30300820-1013";

	@Test
	void currentUserOnlyMakesTheTokenOwnerOwnerWithDotNetsFullControlAlone() {
		assertThat(PipeSecurity.sddlFor(NamedPipeTransportOptions.defaults(), SID))
			.isEqualTo("O:" + SID + "D:P(A;;0x1f019f;;;" + SID + ")");
	}

	@Test
	void elevatedAdministratorsTokenOwnerIsAdministrators() {
		assertThat(PipeSecurity.sddlFor(NamedPipeTransportOptions.defaults(), "S-1-5-32-544"))
			.isEqualTo("O:S-1-5-32-544D:P(A;;0x1f019f;;;S-1-5-32-544)");
	}

	@Test
	void configuredDescriptorIsUsedAsItIs() {
		String sddl = "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;OW)";
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.securityDescriptor(sddl)
			.build();
		assertThat(PipeSecurity.sddlFor(options, SID)).isEqualTo(sddl);
	}

	@Test
	void withoutEitherWindowsDefaultApplies() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder().currentUserOnly(false).build();
		assertThat(PipeSecurity.sddlFor(options, SID)).isNull();
	}

	@Test
	void somethingThatIsNotASidNeverReachesTheDescriptor() {
		assertThatIllegalArgumentException().isThrownBy(() -> PipeSecurity.currentUserOnly("S-1-5)(A;;GA;;;WD"));
		assertThatIllegalArgumentException().isThrownBy(() -> PipeSecurity.currentUserOnly(null));
		assertThatIllegalArgumentException().isThrownBy(() -> PipeSecurity.currentUserOnly("WD"));
	}

	@Test
	void descriptorWithCurrentUserOnlyIsAConfigurationError() {
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> NamedPipeTransportOptions.builder().securityDescriptor("D:P(A;;GA;;;SY)").build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("security-descriptor"));
	}

	@Test
	void unixPermissionsDoNotApplyOnWindows() {
		NamedPipeTransportOptions options = NamedPipeTransportOptions.builder()
			.currentUserOnly(false)
			.unixSocketPermissions("0660")
			.build();
		assertThatExceptionOfType(InvalidNamedPipeSettingException.class)
			.isThrownBy(() -> options.validateFor(NamedPipePlatform.WINDOWS))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("unix-socket-permissions"));
	}

}
