import ArgumentParser
import EarshotCore
import Foundation
import Logging

/// The command line: `main` only dispatches; each subcommand is one file.
@main
struct Earshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "earshot",
        abstract: "Measures engagement, self-promotion and dialogue in organizations' social-media exports.",
        version: RunFiles.version,
        subcommands: [ReportCommand.self, MergeCommand.self, DoctorCommand.self, InspectCommand.self, SampleCommand.self,
                      CodebookCommand.self, ValidateCommand.self],
        defaultSubcommand: ReportCommand.self
    )
}

/// Messages on stderr, one line each (outputs.md), through swift-log.
enum Messages {
    /// The logger of a command: text or JSON lines; with `quiet`, warnings and errors only.
    static func logger(format: LogFormat = .text, quiet: Bool = false) -> Logger {
        Logger(label: "earshot") { _ in StderrLogHandler(format: format, level: quiet ? .warning : .info) }
    }

    /// For commands without logging options.
    static func write(_ line: String) {
        StandardError.shared.writeLine(line)
    }
}

/// `--log-format` and `--quiet`, shared by the commands that run jobs.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Messages on stderr as `text` lines or `json` objects, one per line.")
    var logFormat: LogFormat = .text

    @Flag(help: "Only warnings and errors on stderr.")
    var quiet = false

    var logger: Logger { Messages.logger(format: logFormat, quiet: quiet) }
}

extension LogFormat: ExpressibleByArgument {}

/// What the commands that write a report do when it failed: the message, and the exit code.
enum JobFailure {
    static func exit(_ error: Error, logger: Logger, out: String) -> ExitCode {
        if case let JobError.outputBusy(busy)? = error as? JobError {
            logger.error("\(busy)")
            return ExitCode(OutputLock.busyExitCode)
        }
        logger.error("\(error)")
        logger.error("nothing in \(out) was replaced")
        return ExitCode(1)
    }
}
