import Foundation
import Logging

/// Everything `earshot validate` needs to know.
public struct ValidateOptions: Sendable {
    /// Filled coding sheets, one per coder (several coders of the same posts allowed).
    public var sheets: [String]
    public var inputs: CodingInputs
    public var bootstrap: Agreement.Bootstrap
    /// Where validation.csv goes; nil to write none.
    public var csvPath: String?

    public init(sheets: [String], inputs: CodingInputs, bootstrap: Agreement.Bootstrap = .standard, csvPath: String? = "validation.csv") {
        self.sheets = sheets
        self.inputs = inputs
        self.bootstrap = bootstrap
        self.csvPath = csvPath
    }
}

/// Earshot's classes of one post, as the run gives them.
struct ClassifiedPost: Sendable {
    var org: String
    var id: String
    var ica: ICAClass
    var promotional: Bool
}

/// The `validate` job: reads the sheets, classifies their posts again from the inputs (with the
/// lexicon in use), matches them by (org, id) and computes the agreement.
public struct ValidateJob: Sendable {
    public var options: ValidateOptions

    public init(options: ValidateOptions) { self.options = options }

    public func run(logger: Logger) throws -> ValidationResult {
        let sheets = try Self.readSheets(options.sheets)
        let wanted = Self.wanted(sheets)
        let (outcome, lexicon) = try options.inputs.read(includes: { wanted[$0] != nil }, logger: logger) {
            (handle: String, posts: [(post: Post, features: PostFeatures)]) -> [ClassifiedPost] in
            posts.compactMap { Self.classified(handle, $0.post, $0.features, wanted: wanted) }
        }
        let posts = try Self.match(sheets, classified: outcome.organizations.flatMap(\.result))
        let result = ValidationResult(posts: posts, coders: sheets.map(\.path), lexicon: lexicon, bootstrap: options.bootstrap)
        if let csvPath = options.csvPath {
            do {
                try Data(ValidationTables.csv(result).utf8).write(to: URL(fileURLWithPath: csvPath), options: .atomic)
            } catch {
                throw CodingError.output("\(csvPath): cannot be written: \(error.localizedDescription)")
            }
        }
        return result
    }

    static func readSheets(_ paths: [String]) throws -> [CodingSheet] {
        var given = Set<String>()
        for path in paths where !given.insert(path).inserted {
            throw CodingError.sheet(CodingSheetError(path: path, line: 0, message: "given twice (each sheet is one coder)"))
        }
        return try paths.map { path in
            do { return try CodingSheet.read(path: path) } catch let error as CodingSheetError { throw CodingError.sheet(error) }
        }
    }

    /// The post ids each organization's sheets ask for.
    static func wanted(_ sheets: [CodingSheet]) -> [String: Set<String>] {
        var wanted: [String: Set<String>] = [:]
        for sheet in sheets { for row in sheet.rows { wanted[row.org, default: []].insert(row.id) } }
        return wanted
    }

    static func classified(_ handle: String, _ post: Post, _ features: PostFeatures, wanted: [String: Set<String>]) -> ClassifiedPost? {
        guard wanted[handle]?.contains(post.id) == true else { return nil }
        return ClassifiedPost(org: handle, id: post.id, ica: features.ica, promotional: features.promotional)
    }

    /// Every sheet's posts beside Earshot's classes, in the order of (org, id). A sheet row whose
    /// post is not in the inputs is an error naming the sheet and line.
    static func match(_ sheets: [CodingSheet], classified: [ClassifiedPost]) throws -> [ValidationPost] {
        var byKey: [String: ClassifiedPost] = [:]
        for post in classified { byKey[post.org + "\u{0}" + post.id] = post }
        var posts: [String: ValidationPost] = [:]
        for (c, sheet) in sheets.enumerated() {
            let unmatched = sheet.rows.filter { byKey[$0.org + "\u{0}" + $0.id] == nil }
            if let first = unmatched.first {
                let more = unmatched.count > 1 ? " (and \(unmatched.count - 1) more rows of this sheet)" : ""
                throw CodingError.sheet(CodingSheetError(path: sheet.path, line: first.line,
                                                         message: "no post @\(first.org) \(first.id) in the inputs\(more)"))
            }
            for row in sheet.rows {
                let key = row.org + "\u{0}" + row.id
                let found = byKey[key]!
                var post = posts[key] ?? ValidationPost(org: row.org, id: row.id, ica: found.ica, promotional: found.promotional,
                                                        codes: Array(repeating: nil, count: sheets.count))
                post.codes[c] = row.code
                posts[key] = post
            }
        }
        return posts.values.sorted { a, b in
            if a.org != b.org { return Handle.precedes(a.org, b.org) }
            if a.id.utf8.count != b.id.utf8.count { return a.id.utf8.count < b.id.utf8.count }
            return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }
    }
}

/// The classes of the sheets' posts, gathered while a report analyses every organization
/// (`report --validation`): the workers add, the job reads at the end.
final class ClassifiedCollector: @unchecked Sendable {
    let wanted: [String: Set<String>]
    private var posts: [ClassifiedPost] = []
    private let lock = NSLock()

    init(sheets: [CodingSheet]) { wanted = ValidateJob.wanted(sheets) }

    /// Whether the sheets have posts of this organization (the others need no collecting).
    func wants(_ handle: String) -> Bool { wanted[handle] != nil }

    func add(_ handle: String, _ post: Post, _ features: PostFeatures) {
        guard let found = ValidateJob.classified(handle, post, features, wanted: wanted) else { return }
        lock.lock()
        posts.append(found)
        lock.unlock()
    }

    var all: [ClassifiedPost] {
        lock.lock()
        defer { lock.unlock() }
        return posts
    }
}
