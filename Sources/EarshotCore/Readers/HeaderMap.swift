import Foundation
import Yams

/// A user-supplied header map (formats.md T9): how the columns of one tool's CSV export (Meta
/// Business Suite, Sprout Social, Hootsuite...) become post fields, with the time format and
/// time zone of its timestamps. One small YAML file per tool, written by hand; `maps/README.md`
/// documents the format and `maps/` holds examples.
public struct HeaderMap: Sendable {
    /// The post fields a map can fill.
    public enum Field: String, CaseIterable, Sendable {
        case id, created, text, link, account
        case likes, reposts, replies, quotes, impressions, engagements
        case urls, hashtags, mentions

        var isCounter: Bool {
            switch self {
            case .likes, .reposts, .replies, .quotes, .impressions, .engagements: return true
            default: return false
            }
        }
    }

    /// Where one field comes from.
    public struct Source: Sendable, Equatable {
        /// Header names to look for, in order; the first one the header has is used for a row,
        /// or, when several are present, the first of them with a value in that row.
        public var columns: [String]
        /// When the export may lack the column: the field is then unknown, not an error.
        public var optional: Bool
        /// For a counter given as a percentage of another counter (`12.5%` of `impressions`).
        public var percentOf: Field?
    }

    /// The file the map was read from: every error about the map, or about an export that does
    /// not fit it, names it.
    public var path: String
    public var name: String
    public var sources: [Field: Source]
    public var time: LocalTimeFormat
    /// Rows above the header (a report title) and right under it (descriptions of the columns).
    public var rowsBeforeHeader: Int
    public var rowsAfterHeader: Int
    public var numbers: NumberFormat
    public var kinds: KindColumn?
    /// The platform of the export's posts (formats.md "Platforms"): one for the whole export, or
    /// per row from a column naming the network (tools that export several networks).
    public var platform: PlatformSource = .fixed(.other)

    /// `platform: facebook`, or `platform: {column: Network, optional: true, default: other}`.
    public enum PlatformSource: Sendable, Equatable {
        case fixed(Platform)
        /// Cells are read with `Platform.named` (`X` is twitter); an empty cell or a missing
        /// optional column gives `default`.
        case column([String], optional: Bool, default: Platform)
    }

    /// How counters are written.
    public struct NumberFormat: Sendable, Equatable {
        /// `,` (1,234), `.` (1.234), ` ` (1 234, also with a no-break space), `'` (1'234), or "" for none.
        public var thousands: String = ","
        /// `.` or `,`.
        public var decimal: String = "."
    }

    /// A column that tells a post's kind, with the values that mean each kind (compared
    /// case-insensitively); other values are ordinary posts.
    public struct KindColumn: Sendable, Equatable {
        public var columns: [String]
        public var repost: [String] = []
        public var reply: [String] = []
        public var quote: [String] = []
    }
}

/// A header map that cannot be used: the file, the line when known, and what is wrong.
public struct HeaderMapError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int?
    public var message: String

    public var description: String {
        if let line { return "\(path):\(line): header map: \(message)" }
        return "\(path): header map: \(message)"
    }
}

// MARK: - Loading

extension HeaderMap {
    /// Reads and checks a map file.
    public static func load(path: String) throws -> HeaderMap {
        let text: String
        do {
            let limit = ResourceLimits.current.maxYAMLBytes
            let source = try FileSource(path: path)
            guard source.size <= limit else {
                throw HeaderMapError(path: path, line: nil,
                                     message: "\(source.size) bytes, more than a header map may have (\(limit); real maps are a few KB)")
            }
            let data = try source.readAll(limit: limit + 1)
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw HeaderMapError(path: path, line: nil, message: "not UTF-8 text")
            }
            text = decoded
        } catch let error as HeaderMapError {
            throw error
        } catch {
            throw HeaderMapError(path: path, line: nil, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    /// Parses a map from its YAML text; `path` is what errors name.
    public static func parse(_ text: String, path: String) throws -> HeaderMap {
        // Measured before Yams sees it: its parser recurses per level and overflows the stack.
        let limits = ResourceLimits.current
        guard text.utf8.count <= limits.maxYAMLBytes else {
            throw HeaderMapError(path: path, line: nil, message: "more than \(limits.maxYAMLBytes) bytes (real maps are a few KB)")
        }
        let shape = YAMLShape(text)
        guard shape.depth <= limits.maxYAMLDepth else {
            throw HeaderMapError(path: path, line: shape.depthLine,
                                 message: "nested more than \(limits.maxYAMLDepth) levels deep (a header map needs 3)")
        }
        guard shape.aliases <= YAMLShape.maxAliases else {
            throw HeaderMapError(path: path, line: nil, message: "more than \(YAMLShape.maxAliases) aliases (`*name`)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw HeaderMapError(path: path, line: yamlErrorLine(error), message: "not valid YAML: \(yamlProblem(error))")
        } catch {
            throw HeaderMapError(path: path, line: nil, message: "not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw HeaderMapError(path: path, line: nil, message: "expected `columns:`, `time:` and the other keys of a header map")
        }
        let reader = MapNodeReader(path: path)
        var map = HeaderMap(path: path, name: PathText(path).lastComponentWithoutExtension, sources: [:],
                            time: LocalTimeFormat(), rowsBeforeHeader: 0, rowsAfterHeader: 0,
                            numbers: NumberFormat(), kinds: nil)
        var zone: String? = nil
        var formats: [String] = []
        var timeLine: Int? = nil
        for (keyNode, value) in top {
            let key = try reader.key(keyNode)
            switch key {
            case "name":
                map.name = try reader.string(value, "name")
            case "columns":
                for (fieldNode, sourceNode) in try reader.mapping(value, "columns") {
                    let fieldName = try reader.key(fieldNode)
                    guard let field = Field(rawValue: fieldName) else {
                        throw reader.error(fieldNode, "unknown field `\(fieldName)` under `columns` (fields: "
                            + Field.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                    }
                    map.sources[field] = try reader.source(sourceNode, field: field)
                }
            case "time":
                timeLine = keyNode.mark?.line
                for (subKey, subValue) in try reader.mapping(value, "time") {
                    switch try reader.key(subKey) {
                    case "format": formats = try reader.strings(subValue, "time.format")
                    case "zone": zone = try reader.string(subValue, "time.zone")
                    case let other: throw reader.error(subKey, "unknown key `\(other)` under `time` (keys: format, zone)")
                    }
                }
            case "rows":
                for (subKey, subValue) in try reader.mapping(value, "rows") {
                    switch try reader.key(subKey) {
                    case "before_header": map.rowsBeforeHeader = try reader.count(subValue, "rows.before_header")
                    case "after_header": map.rowsAfterHeader = try reader.count(subValue, "rows.after_header")
                    case let other: throw reader.error(subKey, "unknown key `\(other)` under `rows` (keys: before_header, after_header)")
                    }
                }
            case "numbers":
                for (subKey, subValue) in try reader.mapping(value, "numbers") {
                    switch try reader.key(subKey) {
                    case "thousands":
                        let sep = try reader.string(subValue, "numbers.thousands", allowEmpty: true)
                        guard ["", ",", ".", " ", "'"].contains(sep) else {
                            throw reader.error(subValue, "numbers.thousands must be \",\", \".\", \" \", \"'\" or \"\"")
                        }
                        map.numbers.thousands = sep
                    case "decimal":
                        let mark = try reader.string(subValue, "numbers.decimal")
                        guard mark == "." || mark == "," else { throw reader.error(subValue, "numbers.decimal must be \".\" or \",\"") }
                        map.numbers.decimal = mark
                    case let other: throw reader.error(subKey, "unknown key `\(other)` under `numbers` (keys: thousands, decimal)")
                    }
                }
            case "platform":
                map.platform = try reader.platform(value)
            case "kind":
                var kinds = KindColumn(columns: [])
                for (subKey, subValue) in try reader.mapping(value, "kind") {
                    switch try reader.key(subKey) {
                    case "column": kinds.columns = try reader.strings(subValue, "kind.column")
                    case "repost": kinds.repost = try reader.strings(subValue, "kind.repost").map { $0.lowercased() }
                    case "reply": kinds.reply = try reader.strings(subValue, "kind.reply").map { $0.lowercased() }
                    case "quote": kinds.quote = try reader.strings(subValue, "kind.quote").map { $0.lowercased() }
                    case let other: throw reader.error(subKey, "unknown key `\(other)` under `kind` (keys: column, repost, reply, quote)")
                    }
                }
                guard !kinds.columns.isEmpty else { throw reader.error(value, "`kind` needs a `column`") }
                map.kinds = kinds
            case let other:
                throw reader.error(keyNode, "unknown key `\(other)` (keys: name, platform, columns, time, rows, numbers, kind)")
            }
        }
        if map.numbers.thousands == map.numbers.decimal {
            throw HeaderMapError(path: path, line: nil, message: "numbers.thousands and numbers.decimal are both `\(map.numbers.decimal)`")
        }
        for field in [Field.id, .created] where map.sources[field] == nil {
            throw HeaderMapError(path: path, line: nil, message: "`columns` must name the `\(field.rawValue)` column")
        }
        for field in [Field.id, .created] where map.sources[field]?.optional == true {
            throw HeaderMapError(path: path, line: nil, message: "the `\(field.rawValue)` column cannot be optional")
        }
        for (field, source) in map.sources {
            if let base = source.percentOf {
                guard field.isCounter, base.isCounter, base != field else {
                    throw HeaderMapError(path: path, line: nil, message: "`percent_of` of `\(field.rawValue)` must name another counter")
                }
                guard map.sources[base] != nil else {
                    throw HeaderMapError(path: path, line: nil,
                                         message: "`\(field.rawValue)` is a percentage of `\(base.rawValue)`, which `columns` does not name")
                }
                guard map.sources[base]?.percentOf == nil else {
                    throw HeaderMapError(path: path, line: nil, message: "`\(base.rawValue)` cannot itself be a percentage")
                }
            }
        }
        do {
            map.time = try LocalTimeFormat(patterns: formats, zone: zone)
        } catch let error as LocalTimeFormat.Problem {
            throw HeaderMapError(path: path, line: timeLine, message: error.message)
        }
        return map
    }

    private static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): return problem
        case let .reader(problem, _, _, _): return problem
        default: return "\(error)"
        }
    }
}

/// Reads the YAML nodes of a map, with errors that name the map file and the line.
private struct MapNodeReader {
    let path: String

    func error(_ node: Node, _ message: String) -> HeaderMapError {
        HeaderMapError(path: path, line: node.mark?.line, message: message)
    }

    func key(_ node: Node) throws -> String {
        guard let s = node.scalar?.string else { throw error(node, "expected a key") }
        return s
    }

    func mapping(_ node: Node, _ what: String) throws -> Node.Mapping {
        guard let m = node.mapping else { throw error(node, "`\(what)` must be a list of `key: value` lines") }
        return m
    }

    func string(_ node: Node, _ what: String, allowEmpty: Bool = false) throws -> String {
        guard let s = node.scalar?.string else { throw error(node, "`\(what)` must be text") }
        guard allowEmpty || !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw error(node, "`\(what)` is empty") }
        return s
    }

    /// One text or a list of texts (`[Description, Title]`).
    func strings(_ node: Node, _ what: String) throws -> [String] {
        if let sequence = node.sequence {
            let values = try sequence.map { try string($0, what) }
            guard !values.isEmpty else { throw error(node, "`\(what)` is an empty list") }
            return values
        }
        return [try string(node, what)]
    }

    func count(_ node: Node, _ what: String) throws -> Int {
        guard let s = node.scalar?.string, let n = Int(s), n >= 0, n <= 1000 else {
            throw error(node, "`\(what)` must be a number of rows from 0 to 1000")
        }
        return n
    }

    /// A platform's name as a map writes it: one of ours, exactly (lower-case).
    func platformName(_ node: Node, _ what: String) throws -> Platform {
        let name = try string(node, what)
        guard let platform = Platform(rawValue: name) else {
            throw error(node, "`\(what)` must be one of " + Platform.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return platform
    }

    /// `platform: facebook` or `platform: {column: Network, optional: true, default: other}`.
    func platform(_ node: Node) throws -> HeaderMap.PlatformSource {
        guard let m = node.mapping else { return .fixed(try platformName(node, "platform")) }
        var columns: [String] = []
        var optional = false
        var fallback = Platform.other
        for (k, v) in m {
            switch try key(k) {
            case "column": columns = try strings(v, "platform.column")
            case "optional":
                guard let flag = v.bool else { throw error(v, "`optional` must be true or false") }
                optional = flag
            case "default": fallback = try platformName(v, "platform.default")
            case let other: throw error(k, "unknown key `\(other)` under `platform` (keys: column, optional, default)")
            }
        }
        guard !columns.isEmpty else { throw error(node, "`platform` needs a `column` or a platform name") }
        return .column(columns, optional: optional, default: fallback)
    }

    /// `Column`, `[Column, Other name]`, or `{column: ..., optional: true, percent_of: impressions}`.
    func source(_ node: Node, field: HeaderMap.Field) throws -> HeaderMap.Source {
        guard let m = node.mapping else {
            return HeaderMap.Source(columns: try strings(node, "columns.\(field.rawValue)"), optional: false, percentOf: nil)
        }
        var source = HeaderMap.Source(columns: [], optional: false, percentOf: nil)
        for (k, v) in m {
            switch try key(k) {
            case "column": source.columns = try strings(v, "columns.\(field.rawValue).column")
            case "optional":
                guard let flag = v.bool else { throw error(v, "`optional` must be true or false") }
                source.optional = flag
            case "percent_of":
                let name = try string(v, "percent_of")
                guard let base = HeaderMap.Field(rawValue: name) else { throw error(v, "unknown field `\(name)` in `percent_of`") }
                source.percentOf = base
            case let other:
                throw error(k, "unknown key `\(other)` under `columns.\(field.rawValue)` (keys: column, optional, percent_of)")
            }
        }
        guard !source.columns.isEmpty else { throw error(node, "`columns.\(field.rawValue)` needs a `column`") }
        return source
    }
}

// MARK: - Matching an export's header

extension HeaderMap {
    /// How well a header fits: the required fields found, out of all required fields.
    func fit(_ header: CSVHeader) -> (found: Int, required: Int) {
        let required = Field.allCases.compactMap { field -> [String]? in
            guard let source = sources[field], !source.optional else { return nil }
            return source.columns
        }
        let found = required.filter { names in names.contains { header.contains($0) } }.count
        return (found, required.count)
    }

    /// The header row of a CSV export as this map reads it: after `rowsBeforeHeader` rows.
    func header(in head: [UInt8]) -> CSVHeader? {
        var reader = CSVReader(source: MemorySource(head))
        for _ in 0..<rowsBeforeHeader { guard (try? reader.next()) != nil else { return nil } }
        guard let record = try? reader.next(), record.problem == nil, record.count > 1 else { return nil }
        return CSVHeader(record)
    }

    /// The map that fits a CSV export best, if any fits at least half of its required columns:
    /// an export that lacks a few mapped columns is still read through its map, so that the
    /// person learns which columns are missing rather than that the file was not recognised.
    static func best(for head: [UInt8], among maps: [HeaderMap]) -> HeaderMap? {
        var best: (map: HeaderMap, score: Double)? = nil
        for map in maps {
            guard let header = map.header(in: head) else { continue }
            let (found, required) = map.fit(header)
            guard required > 0, found * 2 >= required, found > 0 else { continue }
            let score = Double(found) / Double(required)
            if best == nil || score > best!.score { best = (map, score) }
        }
        return best?.map
    }
}

extension HeaderMap {
    /// The maps a run uses when none is named: every `*.yaml` / `*.yml` in a `maps/` folder beside
    /// the registry, by name. A team keeps its tools' maps with its registry and never has to
    /// repeat `--map` (SampleData does this for its management-tool exports).
    public static func defaultPaths(besideRegistry registryPath: String) -> [String] {
        let maps = PathText(registryPath).folder + "/maps"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: maps) else { return [] }
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { maps + "/" + $0 }
    }
}
