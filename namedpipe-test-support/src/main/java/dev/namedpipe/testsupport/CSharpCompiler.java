package dev.namedpipe.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles a C# program of the test resources with Mono's {@code mcs}, to be run with
 * {@code mono}: .NET's {@code System.IO.Pipes}, which Mono implements on Unix domain sockets
 * at .NET's path. Without Mono the test is skipped, or fails when {@code CI=true}.
 */
public final class CSharpCompiler {

	private CSharpCompiler() {
	}

	/**
	 * Compiles resource {@code <name>.cs}.
	 * @param resourceBase the class next to which the source lies
	 * @param name the program's name
	 * @param directory where the source and {@code <name>.exe} go
	 * @return the command that runs the program ({@code mono <name>.exe}), to which
	 * arguments can be added
	 * @throws IOException when the source cannot be copied or the compiler started
	 * @throws InterruptedException when interrupted while compiling
	 */
	public static List<String> compile(Class<?> resourceBase, String name, Path directory)
			throws IOException, InterruptedException {
		RequiredTool.MONO.require();
		Path source = ExternalProgram.copyResource(resourceBase, name + ".cs", directory);
		Path executable = directory.resolve(name + ".exe");
		ExternalProgram mcs = ExternalProgram.run(directory, "mcs", "-out:" + executable, source.toString());
		assertThat(mcs.exitCode()).as("mcs: %s", mcs).isZero();
		return List.of("mono", executable.toString());
	}

}
