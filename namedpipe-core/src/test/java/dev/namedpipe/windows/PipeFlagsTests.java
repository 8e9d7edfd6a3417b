package dev.namedpipe.windows;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flag values, checked against the numbers in the Windows SDK headers.
 */
class PipeFlagsTests {

	@Test
	void firstInstanceIsDuplexOverlappedAndClaimsTheName() {
		assertThat(PipeFlags.serverOpenMode(true, false)).isEqualTo(0x00000003 | 0x40000000 | 0x00080000);
	}

	@Test
	void furtherInstancesDoNotClaimTheName() {
		assertThat(PipeFlags.serverOpenMode(false, false)).isEqualTo(0x00000003 | 0x40000000);
	}

	@Test
	void pipesAreByteStreamsThatRejectRemoteClientsUnlessAllowed() {
		assertThat(PipeFlags.serverPipeMode(true)).isEqualTo(0x00000008);
		assertThat(PipeFlags.serverPipeMode(false)).isZero();
	}

	@Test
	void clientsAskForReadWriteAndAllowIdentificationOnly() {
		assertThat(PipeFlags.clientAccess()).isEqualTo(0x80000000 | 0x40000000);
		assertThat(PipeFlags.clientFlags()).isEqualTo(0x40000000 | 0x00100000 | 0x00010000);
	}

	@Test
	void errorCodesAreNotMixedUp() {
		assertThat(Win32.ERROR_NO_DATA).isEqualTo(232);
		assertThat(Win32.ERROR_PIPE_CONNECTED).isEqualTo(535);
		assertThat(Win32.ERROR_OPERATION_ABORTED).isEqualTo(995);
		assertThat(Win32.errorName(535)).isEqualTo("ERROR_PIPE_CONNECTED");
		assertThat(Win32.errorName(4242)).isEqualTo("error 4242");
	}

	@Test
	void writeThroughAddsFileFlagWriteThrough() {
		assertThat(PipeFlags.serverOpenMode(false, true)).isEqualTo(0x00000003 | 0x40000000 | 0x80000000);
	}

}
