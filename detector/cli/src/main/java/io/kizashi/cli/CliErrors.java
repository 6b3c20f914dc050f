package io.kizashi.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns bad arguments and expected failures into one clear line (what, which value, how to fix) and
 * exit code 2; unexpected failures keep their stack trace and exit 1.
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("error: " + ex.getMessage());
        err.println("try: kizashi " + ex.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^kizashi ?", "") + " --help");
        err.flush();
        return 2;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return 2;
        }
        ex.printStackTrace(err);
        err.flush();
        return 1;
    }
}
