package io.kizashi.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the kizashi command line in this JVM, as the command tests do, and keeps everything it printed. */
final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs one command line; returns its exit code (0 done, 2 a user error, 1 a failure). Output adds up over runs. */
    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** All standard output so far. */
    String out() {
        return out.toString();
    }

    /** All standard error so far. */
    String err() {
        return err.toString();
    }
}
