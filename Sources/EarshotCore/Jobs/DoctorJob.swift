import Foundation

/// `earshot doctor`: what a person runs before scheduling a job. It checks the registry, finds
/// and recognises the exports as a run would (reading only the first bytes of single-account
/// files, and the collections whole to see whose posts they hold), and, given `--out`, that the
/// output folder can be written and is not locked. It writes no report.
public struct DoctorReport: Sendable {
    public struct RecognisedFile: Sendable, Equatable {
        public var path: String
        public var format: ExportFormat
        /// nil for a collection (its records name their accounts) or a file with no owner found.
        public var owner: String?
    }

    /// nil: a run over one's own downloads, without a registry.
    public var registryPath: String?
    /// Why the registry cannot be used (the run would stop with exit code 1).
    public var registryProblem: String?
    public var sectors: [(sector: Sector, organizations: Int)] = []
    /// Identities in the registry's `accounts` column (Mastodon, Bluesky), and of how many organizations.
    public var accounts = 0
    public var organizationsWithAccounts = 0
    public var inputProblem: String?
    public var recognised: [RecognisedFile] = []
    /// Files that would be rejected whole (a gzip file damaged from its first bytes).
    public var unreadable: [SkippedFile] = []
    public var skipped: [SkippedFile] = []
    /// Single-account files whose organization is found neither in their first posts, nor in
    /// their name, nor in their folder: their records would be rejected.
    public var withoutOrganization: [String] = []
    /// Registry organizations without any file or collection record: non-adopters in the report.
    public var organizationsWithoutExports: [String] = []
    /// Handles found in the exports that the registry lacks, with how many files hold them.
    public var unregistered: [(handle: String, files: Int)] = []
    public var outputPath: String?
    public var outputProblem: String?

    /// A run would work: the registry loads, some file is an export Earshot reads, the output
    /// folder can be written.
    public var runWouldWork: Bool {
        registryProblem == nil && inputProblem == nil && outputProblem == nil && (!recognised.isEmpty || !unreadable.isEmpty)
    }

    /// The report for people, one finding per line, at most `limit` lines per list.
    public func lines(limit: Int = 20) -> [String] {
        var out: [String] = []
        func list<T>(_ items: [T], _ render: (T) -> String) {
            for item in items.prefix(limit) { out.append("  " + render(item)) }
            if items.count > limit { out.append("  ... \(items.count - limit) more") }
        }
        if let registryProblem {
            out.append("registry: error: \(registryProblem)")
        } else if registryPath == nil {
            out.append("registry: none (the organizations the files name are reported with sector `unregistered`; --sector, --domain to say more)")
        } else {
            let total = sectors.reduce(0) { $0 + $1.organizations }
            out.append("registry \(registryPath ?? ""): \(total) organizations (" + sectors.map { "\($0.sector.rawValue) \($0.organizations)" }.joined(separator: ", ") + ")")
        }
        if registryProblem == nil, accounts > 0 {
            out.append("registry accounts: \(accounts) identities on other platforms, of \(organizationsWithAccounts) organizations")
        }
        if let inputProblem { out.append("inputs: error: \(inputProblem)") }
        var byFormat: [ExportFormat: Int] = [:]
        for file in recognised { byFormat[file.format, default: 0] += 1 }
        let formats = byFormat.keys.sorted().map { "\($0.rawValue) \(byFormat[$0]!)" }.joined(separator: ", ")
        out.append("files: \(recognised.count) recognised\(formats.isEmpty ? "" : " (\(formats))"), \(skipped.count) skipped, \(unreadable.count) unreadable")
        // The platform each format's posts are on (header maps say theirs per file or row).
        var byPlatform: [String: Int] = [:]
        for file in recognised { byPlatform[file.format == .mappedCSV ? "per header map" : file.format.platform.rawValue, default: 0] += 1 }
        if byPlatform.count > 1 || byPlatform.keys.contains(where: { $0 != "twitter" }) {
            out.append("platforms: " + byPlatform.keys.sorted().map { "\($0) \(byPlatform[$0]!) files" }.joined(separator: ", "))
        }
        if !skipped.isEmpty {
            out.append("skipped (not read; a warning in the run):")
            list(skipped) { "\($0.path): \($0.reason)" }
        }
        if !unreadable.isEmpty {
            out.append("unreadable (each one reject in the run):")
            list(unreadable) { "\($0.path): \($0.reason)" }
        }
        if !withoutOrganization.isEmpty {
            out.append("no organization found (records rejected unless they name their account):")
            list(withoutOrganization) { $0 }
        }
        if !organizationsWithoutExports.isEmpty {
            out.append("registry organizations without exports (reported as non-adopters): \(organizationsWithoutExports.count)")
            list(organizationsWithoutExports) { "@" + $0 }
        }
        if !unregistered.isEmpty, registryPath == nil {
            out.append("organizations the files name: \(unregistered.count)")
            list(unregistered) { "@\($0.handle) (\($0.files) file\($0.files == 1 ? "" : "s"))" }
        } else if !unregistered.isEmpty {
            out.append("handles not in the registry (reported with sector `unregistered`): \(unregistered.count)")
            list(unregistered) { "@\($0.handle) (\($0.files) file\($0.files == 1 ? "" : "s"))" }
        }
        if let outputPath {
            out.append("output \(outputPath): " + (outputProblem.map { "error: " + $0 } ?? "writable, not locked"))
        }
        out.append(runWouldWork ? "verdict: a run would work" : "verdict: a run would fail (exit code 1)")
        return out
    }
}

public enum Doctor {
    public static func check(inputs: [String], registryPath: String?, outputPath: String? = nil, threads: Int,
                             headerMapPaths: [String]? = nil) -> DoctorReport {
        var report = DoctorReport(registryPath: registryPath)
        report.outputPath = outputPath
        if let outputPath { report.outputProblem = outputProblem(outputPath) }
        var registry = Registry([])
        if let registryPath {
            do {
                registry = try RegistryLoader.load(path: registryPath)
            } catch {
                report.registryProblem = "\(error)"
                return report
            }
        }
        var bySector: [Sector: Int] = [:]
        for organization in registry.organizations { bySector[organization.sector, default: 0] += 1 }
        report.sectors = bySector.keys.sorted().map { (sector: $0, organizations: bySector[$0]!) }
        report.accounts = registry.accounts.count
        report.organizationsWithAccounts = registry.organizations.filter { !$0.accounts.isEmpty }.count

        let exportFiles: [ExportFile]
        // Without a registry, folder names that look like handles say whose files are, as in a run.
        do { exportFiles = try InputDiscovery(registry: registryPath == nil ? nil : registry).files(in: inputs) } catch {
            report.inputProblem = "\(error)"
            return report
        }
        if exportFiles.isEmpty { report.inputProblem = "no input found in \(inputs.joined(separator: ", "))" }
        let readers: ReaderCatalog
        do {
            let paths = headerMapPaths ?? registryPath.map { HeaderMap.defaultPaths(besideRegistry: $0) } ?? []
            readers = ReaderCatalog(headerMaps: try HeaderMap.load(paths: paths))
        } catch {
            report.inputProblem = "\(error)"
            return report
        }
        let pipeline = Pipeline(registry: registry, threads: threads, readers: readers)
        let (files, skipped) = pipeline.scan(exportFiles)
        report.skipped = skipped.filter(\.isSkip)
        if !exportFiles.isEmpty, files.isEmpty {
            report.inputProblem = "none of the \(skipped.count) files is an export Earshot reads"
        }

        // Collections are read whole, each on its own worker, to see whose posts they hold.
        let catalog = pipeline.readers
        let collections = files.indices.filter { files[$0].owner == nil && files[$0].format.map(ReaderCatalog.isCollection) == true }
        let accounts = parallelMap(count: collections.count, threads: threads) { i -> Set<String> in
            var found = Set<String>()
            _ = catalog.read(files[collections[i]]) { event in
                if case let .post(post, _) = event { found.insert(post.org) }
            }
            return found
        }
        var filesOf: [String: Int] = [:]
        for file in files {
            guard let format = file.format else {
                report.unreadable.append(SkippedFile(path: file.file.displayPath, reason: file.unreadable ?? "unreadable"))
                continue
            }
            report.recognised.append(DoctorReport.RecognisedFile(path: file.file.displayPath, format: format, owner: file.owner))
            if let owner = file.owner {
                filesOf[owner, default: 0] += 1
            } else if !ReaderCatalog.isCollection(format) {
                report.withoutOrganization.append(file.file.displayPath)
            }
        }
        for found in accounts { for handle in found { filesOf[handle, default: 0] += 1 } }
        report.organizationsWithoutExports = registry.organizations.map(\.handle).filter { filesOf[$0] == nil }
        report.unregistered = filesOf.keys.filter { !registry.contains($0) }.sorted(by: Handle.precedes)
            .map { (handle: $0, files: filesOf[$0]!) }
        return report
    }

    /// Why `path` could not take a report now: not a folder, not writable, or locked by a run.
    static func outputProblem(_ path: String) -> String? {
        let fm = FileManager.default
        let target = OutputFolder.resolved(path)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { return "it is a file, not a folder" }
        }
        var parent = OutputFolder.parentAndName(target).parent
        while !fm.fileExists(atPath: parent, isDirectory: &isDirectory) { parent = OutputFolder.parentAndName(parent).parent }
        if !isDirectory.boolValue { return "\(parent) is a file, not a folder" }
        if access(parent, W_OK) != 0 { return "\(parent) is not writable" }
        if fm.fileExists(atPath: OutputLock.lockPath(forOutput: path)) {
            do {
                let lock = try OutputLock.acquire(output: path, wait: false)
                lock.release()
            } catch {
                return "\(error)"
            }
        }
        return nil
    }
}
