package io.kizashi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code kizashi} command line; each subcommand lives in its own class. */
@Command(
    name = "kizashi",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Kizashi: learns what normal looks like in the metrics hidden in your logs and warns before instability.",
    subcommands = {
        CommandLine.HelpCommand.class,
        DemoCommand.class,
        RunCommand.class,
        EvaluateCommand.class,
        TrainCommand.class,
        SimulateMetricsCommand.class,
        EsCommand.class,
        SimulateCommand.class,
        SimulateCommand.Ingest.class,
        ValidateCommand.class,
    })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        cli.setParameterExceptionHandler(new CliErrors());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"kizashi " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
