import Crypto
/// What the HTML report says about the run itself: the inputs, the counts that `summary.json`
/// holds, the lexicon and the thresholds. Filled by the report job.
public struct ReportOverview: Sendable {
    /// The inputs as the user gave them (files, folders, zip archives).
    public var inputs: [String]
    /// Files read (`totals.files`) and files skipped (`skipped` in `summary.json`).
    public var files: Int
    public var skippedFiles: Int
    /// records = posts + duplicates + rejects.
    public var records: Int
    public var posts: Int
    public var duplicates: Int
    public var rejects: Int
    public var warnings: Int
    /// `builtin-v2` or the lexicon file's name.
    public var lexiconName: String
    public var lexiconSHA256: String
    /// The lexicon's phrases, listed in the methodology section; empty to list none.
    public var lexiconPhrases: [Lexicon.Section: [String]]
    /// The promotional rule the lexicon goes with, and the sections a lexicon file left out.
    public var promotionalRule: Lexicon.PromotionalRule = Lexicon.builtin.promotionalRule
    public var lexiconFromBuiltin: [Lexicon.Section] = []
    public var thresholds: MetricThresholds
    /// `--max-reject-rate`; nil to leave it out.
    public var maxRejectRate: Double?
    /// When the run started or finished, as the report should print it (ISO 8601 UTC).
    public var generatedAt: String
    /// Earshot's version; empty to leave it out.
    public var version: String
    /// The files read, by format, and those with rejects or warnings (the most rejects first,
    /// at most `ReportFileTable.limit`): a table of every file would be as long as the run is
    /// large (tens of thousands of rows) and read by nobody; `summary.json` has every file.
    public var fileTable: ReportFileTable
    /// The rejects file, relative to `index.html`.
    public var rejectsFile: String
    /// Earshot against hand-coded sheets (`report --validation`), for "how far to trust these
    /// classes"; nil for no such section.
    public var validation: ValidationResult? = nil

    public init(inputs: [String], files: Int, skippedFiles: Int = 0, records: Int, posts: Int, duplicates: Int,
                rejects: Int, warnings: Int, lexicon: Lexicon, thresholds: MetricThresholds,
                maxRejectRate: Double? = nil, generatedAt: String, version: String = "",
                fileTable: ReportFileTable = ReportFileTable(), rejectsFile: String = "rejects.csv") {
        self.inputs = inputs
        self.files = files
        self.skippedFiles = skippedFiles
        self.records = records
        self.posts = posts
        self.duplicates = duplicates
        self.rejects = rejects
        self.warnings = warnings
        self.lexiconName = lexicon.name
        self.lexiconSHA256 = lexicon.sha256
        self.lexiconPhrases = lexicon.phrases
        self.promotionalRule = lexicon.promotionalRule
        self.lexiconFromBuiltin = lexicon.fromBuiltin
        self.thresholds = thresholds
        self.maxRejectRate = maxRejectRate
        self.generatedAt = generatedAt
        self.version = version
        self.fileTable = fileTable
        self.rejectsFile = rejectsFile
    }

    /// The same, with the file table made from `fileSummaries` (every file of the run).
    public init(inputs: [String], files: Int, skippedFiles: Int = 0, records: Int, posts: Int, duplicates: Int,
                rejects: Int, warnings: Int, lexicon: Lexicon, thresholds: MetricThresholds,
                maxRejectRate: Double? = nil, generatedAt: String, version: String = "",
                fileSummaries: [ReportFileSummary], rejectsFile: String = "rejects.csv") {
        var table = ReportFileTable()
        for file in fileSummaries { table.add(file) }
        self.init(inputs: inputs, files: files, skippedFiles: skippedFiles, records: records, posts: posts,
                  duplicates: duplicates, rejects: rejects, warnings: warnings, lexicon: lexicon, thresholds: thresholds,
                  maxRejectRate: maxRejectRate, generatedAt: generatedAt, version: version, fileTable: table,
                  rejectsFile: rejectsFile)
    }
}

/// What the index shows of the files read, made a file at a time so that the run's list of
/// files is never copied: totals per format, and the files with rejects or warnings, the most
/// rejects first (then the most warnings, then in the order added), at most `limit` of them.
public struct ReportFileTable: Sendable, Equatable {
    /// How many files with rejects or warnings the index lists.
    public static let limit = 50

    /// Sorted by format name.
    public private(set) var formats: [ReportFormatSummary] = []
    /// At most `limit`, the most rejects first.
    public private(set) var filesWithFindings: [ReportFileSummary] = []
    /// All files with rejects or warnings, listed or not.
    public private(set) var filesWithFindingsCount = 0
    private let limit: Int

    public init(limit: Int = ReportFileTable.limit) { self.limit = max(0, limit) }

    public mutating func add(_ file: ReportFileSummary) {
        if let i = formats.firstIndex(where: { $0.format == file.format }) {
            formats[i].add(file)
        } else {
            var row = ReportFormatSummary(format: file.format)
            row.add(file)
            let at = formats.firstIndex { file.format.utf8.lexicographicallyPrecedes($0.format.utf8) } ?? formats.count
            formats.insert(row, at: at)
        }
        guard file.rejects > 0 || file.warnings > 0 else { return }
        filesWithFindingsCount += 1
        // Kept sorted; a file goes after those with as many rejects and warnings (order added).
        let worse: (ReportFileSummary) -> Bool = { (file.rejects, file.warnings) > ($0.rejects, $0.warnings) }
        let at = filesWithFindings.firstIndex(where: worse) ?? filesWithFindings.count
        guard at < limit else { return }
        filesWithFindings.insert(file, at: at)
        if filesWithFindings.count > limit { filesWithFindings.removeLast() }
    }
}

/// The files of one format (`unreadable` for files rejected whole), added up.
public struct ReportFormatSummary: Sendable, Equatable {
    public var format: String
    public var files = 0
    public var records = 0
    public var posts = 0
    public var duplicates = 0
    public var rejects = 0
    public var warnings = 0

    public init(format: String) { self.format = format }

    mutating func add(_ file: ReportFileSummary) {
        files += 1
        records += file.records
        posts += file.posts
        duplicates += file.duplicates
        rejects += file.rejects
        warnings += file.warnings
    }
}

/// One file of the run, as `summary.json` lists it.
public struct ReportFileSummary: Sendable, Equatable {
    public var path: String
    public var format: String
    /// nil when the file's records belong to several organizations.
    public var org: String?
    public var records: Int
    public var posts: Int
    public var duplicates: Int
    public var rejects: Int
    public var warnings: Int

    public init(path: String, format: String, org: String?, records: Int, posts: Int, duplicates: Int,
                rejects: Int, warnings: Int) {
        self.path = path
        self.format = format
        self.org = org
        self.records = records
        self.posts = posts
        self.duplicates = duplicates
        self.rejects = rejects
        self.warnings = warnings
    }
}
