package dev.hanlm.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** {@code loss.png}: training loss per update and validation loss at each measurement, against the step. */
final class LossChart {
    private LossChart() {}

    static void write(Path file, TrainingLog log) {
        if (log.trainLoss().isEmpty()) return;
        System.setProperty("java.awt.headless", "true");
        XYSeries train = series("train loss", log.trainLoss());
        XYSeries validation = series("validation loss", log.validationLoss());
        XYSeriesCollection data = new XYSeriesCollection(train);
        if (validation.getItemCount() > 0) data.addSeries(validation);
        JFreeChart chart = ChartFactory.createXYLineChart("hanlm training", "step", "cross-entropy (nats)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesStroke(0, new BasicStroke(1.2f));
        renderer.setSeriesPaint(1, new Color(0xd62728));
        renderer.setSeriesShapesVisible(1, true);
        plot.setRenderer(renderer);
        byte[] png;
        try {
            png = ChartUtils.encodeAsPNG(chart.createBufferedImage(900, 500));
        } catch (IllegalStateException shuttingDown) {
            // AWT cannot start while the JVM shuts down (SIGTERM during the first chart): the checkpoint matters, not
            // the picture, which the resumed run draws
            return;
        } catch (IOException e) {
            throw new TrainingException("could not draw the loss chart: " + e.getMessage(), e);
        }
        try {
            AtomicFiles.write(file, png);
        } catch (IOException e) {
            throw new TrainingException("could not write the loss chart " + file + ": " + e.getMessage(), e);
        }
    }

    private static XYSeries series(String name, java.util.List<TrainingLog.Point> points) {
        XYSeries s = new XYSeries(name, false, true);
        for (TrainingLog.Point p : points) s.add(p.step(), p.value());
        return s;
    }
}
