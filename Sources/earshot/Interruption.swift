import Dispatch
import EarshotCore
import Foundation

/// SIGINT and SIGTERM: remove the staging folders of reports in progress, say so in one line,
/// and exit with the shell's code for the signal (130, 143). Dispatch signal sources run the
/// handler on an ordinary thread, so removing folders is safe there (a C signal handler could
/// not allocate). The library only keeps the list (`StagingCleanup`).
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)  // delivered to the source instead of killing the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let removed = StagingCleanup.removeAll()
                let what = removed > 0 ? "the unfinished report was removed" : "nothing was being written"
                StandardError.shared.writeLine("earshot: interrupted by \(name): \(what); no output folder was replaced")
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
