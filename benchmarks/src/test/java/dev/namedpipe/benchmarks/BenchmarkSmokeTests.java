package dev.namedpipe.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.namedpipe.testsupport.RequiredTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole harness with tiny sizes so that it keeps compiling and working; the figures
 * themselves are not judged here (the README's benchmark command does that).
 */
class BenchmarkSmokeTests {

	@Test
	void everyScenarioProducesFiguresCsvAndCharts(@TempDir Path output) throws Exception {
		RequiredTool.NODE.require();
		RequiredTool.NPM.require();
		Report report = BenchmarkMain.run(BenchmarkMain.Sizes.SMOKE);
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		List<String> verdicts = report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
		report.writeCsv(output.resolve("benchmarks.csv"));
		report.writeCharts(output);
		List<String> csv = Files.readAllLines(output.resolve("benchmarks.csv"));
		// header + 4 round-trip + 4 throughput + 8 connection-rate rows, each with 2 samples,
		// then 4 + 4 HTTP, 3 + 3 memory, 2 startup, 3 + 3 client and 2 + 2 gRPC rows, each with 1
		// sample
		// (memory figures of a few hundred connections may come out negative: only their
		// presence is checked)
		assertThat(csv).hasSize(43);
		assertThat(csv.subList(1, 17)).allSatisfy((row) -> assertThat(row.split(",")[3]).isEqualTo("2"));
		assertThat(csv.subList(17, 43)).allSatisfy((row) -> assertThat(row.split(",")[3]).isEqualTo("1"));
		List<String> httpStartupAndClient = new ArrayList<>(csv.subList(17, 25));
		httpStartupAndClient.addAll(csv.subList(31, 43));
		assertThat(httpStartupAndClient).allSatisfy((row) -> assertThat(Double.parseDouble(row.split(",")[4]))
			.as(row)
			.isPositive());
		assertThat(verdicts).hasSize(21).allMatch((verdict) -> verdict.endsWith("MET") || verdict.endsWith("MISSED"));
		try (var charts = Files.list(output)) {
			assertThat(charts.filter((file) -> file.toString().endsWith(".png"))).hasSize(12);
		}
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains(BenchmarkMain.OURS, BenchmarkMain.NETTY,
				HttpScenario.TOMCAT_UNIX, MemoryScenario.RAW, StartupScenario.WITH, ClientScenario.JETTY_UNIX,
				BenchmarkMain.RAW_UNIX_POOL, BenchmarkMain.RAW_UNIX_POOL_CHECKED, BenchmarkMain.OURS_DISPATCHED, GrpcScenario.PIPE);
	}

}
