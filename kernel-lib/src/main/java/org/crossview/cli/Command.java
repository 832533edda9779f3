package org.crossview.cli;

/** One sub-command of the {@code crossview} launcher. */
public interface Command {
    /** The word after {@code crossview}. */
    String name();

    /** One line for {@code crossview --help}. */
    String summary();

    /** Runs with the arguments after the command word; returns the process exit code. */
    int run(String[] args) throws Exception;
}
