package dev.namedpipe.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Prints the table, writes the CSV and one bar chart per scenario, and checks the goals.
 */
final class Report {

	private final Map<String, List<Measurement>> byScenario = new LinkedHashMap<>();

	private final Map<String, String> baselines = new LinkedHashMap<>();

	private final List<Goal> goals = new ArrayList<>();

	Measurement measurement(String scenario, String subject, String unit, boolean higherIsBetter) {
		Measurement measurement = new Measurement(scenario, subject, unit, higherIsBetter);
		this.byScenario.computeIfAbsent(scenario, (key) -> new ArrayList<>()).add(measurement);
		return measurement;
	}

	void baseline(String scenario, String subject) {
		this.baselines.put(scenario, subject);
	}

	/**
	 * A goal: ours divided by another subject's median, compared with a bound.
	 */
	void goal(String scenario, String ours, String other, boolean atLeast, double bound) {
		this.goals.add(new Goal(scenario, ours, other, atLeast, bound));
	}

	List<String> print(PrintStream out) {
		out.printf(Locale.ROOT, "%-34s %-30s %14s %25s %10s%n", "scenario", "subject", "median", "min - max",
				"vs base");
		for (Map.Entry<String, List<Measurement>> entry : this.byScenario.entrySet()) {
			for (Measurement m : entry.getValue()) {
				out.printf(Locale.ROOT, "%-34s %-30s %11.1f %-2s %11.1f - %-11.1f %9.3fx%n", m.scenario(), m.subject(),
						m.median(), m.unit(), m.min(), m.max(), ratio(m));
			}
		}
		List<String> verdicts = new ArrayList<>();
		for (Goal goal : this.goals) {
			double ratio = find(goal.scenario, goal.ours).median() / find(goal.scenario, goal.other).median();
			boolean met = goal.atLeast ? ratio >= goal.bound : ratio <= goal.bound;
			String verdict = String.format(Locale.ROOT, "%s: %s / %s = %.3f (goal %s %.2f): %s", goal.scenario,
					goal.ours, goal.other, ratio, goal.atLeast ? ">=" : "<=", goal.bound, met ? "MET" : "MISSED");
			verdicts.add(verdict);
			out.println(verdict);
		}
		return verdicts;
	}

	private double ratio(Measurement m) {
		String baseline = this.baselines.get(m.scenario());
		return (baseline != null) ? m.median() / find(m.scenario(), baseline).median() : 1.0;
	}

	private Measurement find(String scenario, String subject) {
		return this.byScenario.get(scenario)
			.stream()
			.filter((m) -> m.subject().equals(subject))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(subject + " not measured in " + scenario));
	}

	void writeCsv(Path file) throws IOException {
		StringBuilder csv = new StringBuilder("scenario,subject,unit,samples,median,min,max,ratio_to_baseline\n");
		for (List<Measurement> measurements : this.byScenario.values()) {
			for (Measurement m : measurements) {
				csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.3f,%.3f,%.3f,%.4f%n", quote(m.scenario()),
						quote(m.subject()), m.unit(), m.count(), m.median(), m.min(), m.max(), ratio(m)));
			}
		}
		Files.writeString(file, csv);
	}

	private static String quote(String field) {
		return (field.contains(",") || field.contains("\"")) ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
	}

	void writeCharts(Path directory) throws IOException {
		for (Map.Entry<String, List<Measurement>> entry : this.byScenario.entrySet()) {
			String file = entry.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + ".png";
			ImageIO.write(chart(entry.getKey(), entry.getValue()), "png", directory.resolve(file).toFile());
		}
	}

	private static BufferedImage chart(String title, List<Measurement> measurements) {
		int width = 900;
		int rowHeight = 44;
		int left = 260;
		int right = 140;
		int height = 70 + rowHeight * measurements.size();
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		Measurement first = measurements.get(0);
		g.drawString(title + " (" + first.unit() + ", " + (first.higherIsBetter() ? "higher" : "lower")
				+ " is better; bar = median, line = min to max)", 12, 26);
		double scale = measurements.stream().mapToDouble(Measurement::max).max().orElse(1);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		int y = 50;
		for (Measurement m : measurements) {
			int span = width - left - right;
			int bar = (int) (span * m.median() / scale);
			g.setColor(m.subject().contains("ours") ? new Color(0x2E7D32) : new Color(0x90A4AE));
			g.fillRect(left, y + 6, bar, rowHeight - 16);
			g.setColor(Color.BLACK);
			g.setStroke(new BasicStroke(2));
			int whiskerY = y + rowHeight / 2 - 2;
			g.drawLine(left + (int) (span * m.min() / scale), whiskerY, left + (int) (span * m.max() / scale),
					whiskerY);
			g.drawString(m.subject(), 12, whiskerY + 5);
			int labelX = left + Math.max(bar, (int) (span * m.max() / scale)) + 8;
			g.drawString(String.format(Locale.ROOT, "%.1f", m.median()), labelX, whiskerY + 5);
			y += rowHeight;
		}
		g.dispose();
		return image;
	}

	private record Goal(String scenario, String ours, String other, boolean atLeast, double bound) {
	}

}
