import Foundation

/// The shipped header maps (maps/*.yaml, built into the binary by scripts/embed-maps.sh) and the
/// hint for a CSV that looks like one tool's export but fits no map (issue 14: `earshot sample`
/// wrote Sprout Social and Meta exports that `earshot report` then skipped as unrecognised).
extension HeaderMap {
    /// The shipped maps, by file name; their `path` is the repository's `maps/<name>.yaml`.
    public static let builtin: [HeaderMap] = DefaultHeaderMaps.texts.keys
        .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        .compactMap { name in try? HeaderMap.parse(DefaultHeaderMaps.texts[name]!, path: "maps/\(name).yaml") }

    /// The name a map overrides others by: its file name without the extension.
    var fileStem: String { PathText(path).lastComponentWithoutExtension }

    /// The maps of a run: those at `paths` (`--map`, or maps/ beside the registry) first, then
    /// the shipped maps that none of them replaces by file name. Maps earlier in the list win
    /// a tie in `best(for:among:)`.
    public static func load(paths: [String]) throws -> [HeaderMap] {
        let given = try paths.map(HeaderMap.load)
        let replaced = Set(given.map(\.fileStem))
        return given + builtin.filter { !replaced.contains($0.fileStem) }
    }

    /// For a CSV that fits no map: the map it comes closest to (the most required fields found,
    /// at least one) and the columns it lacks; nil when it resembles none.
    static func hint(for head: [UInt8], among maps: [HeaderMap]) -> String? {
        var best: (map: HeaderMap, found: Int, missing: [String])? = nil
        for map in maps {
            guard let header = map.header(in: head) else { continue }
            let (found, required) = map.fit(header)
            guard found > 0, required > 0 else { continue }
            let missing = Field.allCases.compactMap { field -> String? in
                guard let source = map.sources[field], !source.optional, !source.columns.contains(where: header.contains) else { return nil }
                return source.columns[0]
            }
            if best == nil || found > best!.found { best = (map, found, missing) }
        }
        guard let best else { return nil }
        let missing = best.missing.map { "`\($0)`" }.joined(separator: ", ")
        return "closest header map: \(best.map.name) (\(best.map.path)), which needs the columns \(missing); "
            + "export the file with them, or write a map for it and pass it with --map (maps/README.md)"
    }

}
