import ArgumentParser
import EarshotCore
import Foundation

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Check exports before a run: format, organization, records, kinds, counters, rejects, first posts."
    )

    @Argument(help: "Export files or folders.")
    var files: [String]

    @Option(help: "A registry, to attribute files by their folder as a run would.")
    var registry: String?

    @Option(help: "How many normalized posts to show per file.")
    var show = 3

    @Option(name: .customLong("map"), help: ArgumentHelp("A header map (YAML) for CSV exports of other tools; repeatable (maps/README.md).", valueName: "file"))
    var maps: [String] = []

    @OptionGroup var limits: LimitOptions

    func run() throws {
        limits.install()
        var loaded: Registry? = nil
        if let registry {
            do { loaded = try RegistryLoader.load(path: registry) } catch {
                Messages.write("earshot: error: \(error)")
                throw ExitCode(1)
            }
        }
        let readers: ReaderCatalog
        let mapPaths = maps.isEmpty ? registry.map { HeaderMap.defaultPaths(besideRegistry: $0) } ?? [] : maps
        do { readers = ReaderCatalog(headerMaps: try HeaderMap.load(paths: mapPaths)) } catch {
            Messages.write("earshot: error: \(error)")
            throw ExitCode(1)
        }
        let exportFiles: [ExportFile]
        do { exportFiles = try InputDiscovery(registry: loaded).files(in: files) } catch {
            Messages.write("earshot: error: \(error)")
            throw ExitCode(1)
        }
        for file in exportFiles {
            let report = Inspection.inspect(file, registry: loaded, sampleSize: show, readers: readers)
            print(render(report))
        }
    }

    func render(_ r: FileInspection) -> String {
        var lines = ["== \(r.path)"]
        guard let format = r.format else {
            lines.append("  skipped: \(r.skipReason ?? "unknown reason")")
            return lines.joined(separator: "\n")
        }
        lines.append("  format: \(format.rawValue)")
        let orgs = r.organizations.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if orgs.count == 1 {
            lines.append("  organization: \(orgs[0].key)")
        } else if orgs.isEmpty {
            lines.append("  organization: none found")
        } else {
            let top = orgs.prefix(5).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
            lines.append("  organizations: \(orgs.count) accounts; most posts: \(top)")
        }
        let c = r.counts
        lines.append("  records: \(c.records) = \(c.posts) posts + \(c.duplicates) duplicates + \(c.rejects) rejects; \(c.warnings) warnings")
        let kinds = PostKind.allCases.map { "\($0.rawValue) \(r.kinds[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("  posts by kind: \(kinds)")
        if !r.platforms.isEmpty {
            lines.append("  platform: " + r.platforms.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        }
        if !c.ignored.isEmpty {
            let ignored = c.ignored.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  not posts (not counted as records): \(ignored)")
        }
        if format == .bluesky {
            lines.append("  counters known: none on this platform (a Bluesky repository holds no counts of what others did)")
        } else {
            let counters = r.countersKnown.map { "\($0.name) \($0.posts)/\(c.posts)" }.joined(separator: ", ")
            lines.append("  counters known: \(counters)")
        }
        for reason in r.reasons {
            lines.append("  \(reason.severity.rawValue): \(reason.reason) x\(reason.count) (first at line \(reason.firstLine))")
        }
        for (post, features) in r.firstPosts {
            let text = post.text.replacingOccurrences(of: "\n", with: "\\n")
            lines.append("  post \(post.id) @\(post.org) \(isoTime(post.created)) \(features.kind.rawValue)\(features.target.map { " -> @\($0)" } ?? "") [\(features.ica.rawValue)\(features.promotional ? ", promotional" : "")]")
            lines.append("    text: \(text.prefix(160))")
            if post.sources.contains(.bluesky) {
                lines.append("    (no counters on this platform)")
                continue
            }
            let counts = [("likes", post.likes), ("reposts", post.reposts), ("replies", post.replies), ("quotes", post.quotes),
                          ("impressions", post.impressions), ("engagements", post.engagements)]
                .map { "\($0.0)=\($0.1.map(String.init) ?? "?")" }.joined(separator: " ")
            lines.append("    \(counts)")
            if let urls = post.expandedURLs, !urls.isEmpty { lines.append("    urls: \(urls.joined(separator: " "))") }
        }
        return lines.joined(separator: "\n")
    }

    func isoTime(_ seconds: Int64) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
