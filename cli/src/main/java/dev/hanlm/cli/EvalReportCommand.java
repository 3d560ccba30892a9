package dev.hanlm.cli;

import dev.hanlm.eval.EvalResult;
import dev.hanlm.eval.ResultChart;
import dev.hanlm.eval.ResultTable;
import dev.hanlm.train.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hanlm eval report}: results of several models and tasks in one Markdown table and a PNG chart. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merge result files of `hanlm eval --json` into one Markdown table (a row per model) and optionally a PNG chart.")
final class EvalReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN.json", description = "Result files written by hanlm eval --json.")
    List<Path> runs;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the table to FILE instead of standard output.")
    Path markdown;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Also draw the headline metrics as a bar chart.")
    Path chart;

    @Override
    public Integer call() throws IOException {
        List<EvalResult> results = runs.stream().map(EvalResult::read).toList();
        String table = ResultTable.markdown(results);
        if (markdown == null) {
            Prompts.stdout().print(table);
        } else {
            AtomicFiles.writeString(markdown, table);
        }
        if (chart != null) ResultChart.write(chart, results);
        return 0;
    }
}
