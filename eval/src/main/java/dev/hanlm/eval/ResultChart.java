package dev.hanlm.eval;

import dev.hanlm.train.AtomicFiles;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** A PNG bar chart of results: each task and number of shots a group, each model a bar of the task's headline metric. */
public final class ResultChart {
    private ResultChart() {}

    public static void write(Path file, List<EvalResult> results) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (EvalResult r : results) {
            if (r.task().equals("perplexity")) continue; // not a score in percent: the table has it
            for (EvalResult.Shots s : r.results()) {
                String headline = ResultTable.metricNames(List.of(s)).getFirst();
                data.addValue(s.mean().get(headline), ResultTable.modelLabel(r), ResultTable.column(r, s, headline));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("hanlm in-context evaluation", null, "score (mean over seeds)", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        int width = Math.max(900, 60 * data.getColumnCount() * Math.max(1, data.getRowCount()));
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, chart, width, 600);
            AtomicFiles.write(file, png.toByteArray());
        } catch (IOException e) {
            throw new EvalException("cannot write the chart " + file + ": " + e.getMessage(), e);
        }
    }
}
