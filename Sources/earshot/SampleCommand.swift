import ArgumentParser
import EarshotCore
import EarshotSample

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic but realistic set of exports and a registry (deterministic for a seed)."
    )

    @Option(help: "The folder to write organizations.csv and exports/ into.")
    var out: String

    @Option(help: "Organizations.")
    var orgs = 24

    @Option(help: "Posts per registered organization.")
    var postsPerOrg = 600

    @Option(help: "The seed: the same seed writes the same bytes.")
    var seed: UInt64 = 2012

    @Option(help: "Formats to write, comma-separated (default: all).")
    var formats: String?

    @Flag(help: "Replace organizations.csv and exports/ if the folder already has them.")
    var replace = false

    func validate() throws {
        guard orgs >= 1 else { throw ValidationError("--orgs must be at least 1") }
        guard postsPerOrg >= 1 else { throw ValidationError("--posts-per-org must be at least 1") }
        if let formats {
            let supported = SampleGenerator.supportedFormats
            for name in formats.split(separator: ",") {
                guard let format = ExportFormat(rawValue: String(name)), supported.contains(format) else {
                    throw ValidationError("unknown format `\(name)` (one of \(supported.map(\.rawValue).sorted().joined(separator: ", ")))")
                }
            }
        }
    }

    func run() throws {
        var options = SampleOptions(orgs: orgs, postsPerOrg: postsPerOrg, seed: seed, replaceExisting: replace)
        if let formats {
            options.formats = Set(formats.split(separator: ",").compactMap { ExportFormat(rawValue: String($0)) })
        }
        do {
            let stats = try SampleGenerator(options: options).write(to: out)
            Messages.write("earshot: wrote \(stats.files) files (\(stats.bytesOnDisk) bytes) for \(stats.registryOrganizations) organizations in \(out)")
        } catch {
            Messages.write("earshot: error: \(error)")
            throw ExitCode(1)
        }
    }
}
