import Foundation
import Mustache

/// The Mustache templates of the report: the embedded defaults, replaced by name by the
/// `.mustache` files of a user's folder (subfolders give names like `partials/row`).
struct HTMLTemplates {
    let library: MustacheLibrary
    /// One per template, each with its stamps (see `TemplateStamp`).
    private let stampers: [String: TemplateStamper]

    /// - Parameter threads: how many templates to parse at once.
    static func load(folder: String?, threads: Int = 1) throws -> HTMLTemplates {
        var texts = DefaultHTMLTemplates.texts
        var paths = texts.keys.reduce(into: [String: String]()) { $0[$1] = "default template \($1).mustache" }
        if let folder {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw HTMLReportError.templatesFolderNotFound(path: folder)
            }
            let base = URL(fileURLWithPath: folder, isDirectory: true)
            let files = (FileManager.default.subpaths(atPath: folder) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
            for relative in files {
                let path = base.appendingPathComponent(relative).path
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw HTMLReportError.templateUnreadable(path: path)
                }
                let name = String(relative.dropLast(".mustache".count))
                texts[name] = text
                paths[name] = path
            }
        }
        // Parsing is most of the cost of loading (swift-mustache's parser takes longer than linear
        // time in a template's length): the templates are parsed side by side, longest first.
        let names = texts.keys.sorted()
        let sources = names.map { (text: texts[$0] ?? "", path: paths[$0] ?? $0) }
        let order = names.indices.sorted { sources[$0].text.utf8.count > sources[$1].text.utf8.count }
        let parsed = ParsedTemplates(count: names.count)
        let parseOne: @Sendable (Int) -> Void = { k in
            let i = order[k]
            parsed.set(i, Result { try Self.parse(sources[i].text, path: sources[i].path) })
        }
        if threads > 1 {
            DispatchQueue.concurrentPerform(iterations: order.count, execute: parseOne)
        } else {
            order.indices.forEach(parseOne)
        }
        var library = MustacheLibrary()
        for (name, template) in zip(names, parsed.all()) { library.register(try template.get(), named: name) }
        var stampers: [String: TemplateStamper] = [:]
        for name in names {
            stampers[name] = TemplateStamper(name: name, library: library,
                                             stampable: TemplateStamper.isStampable(name, texts: texts), texts: texts)
        }
        return HTMLTemplates(library: library, stampers: stampers)
    }

    /// How many renderings of each template went through swift-mustache value by value (see
    /// `TemplateStamper`): none with the default templates.
    var directRenderings: [String: Int] { stampers.mapValues(\.directRenderings) }

    /// Stamps made and not kept because a template had more than `TemplateStamper.stampLimit`
    /// shapes, by template.
    var unkeptStamps: [String: Int] { stampers.mapValues(\.unkeptStamps) }

    /// Stamps made, by template.
    var stampsMade: [String: Int] { stampers.mapValues(\.stampsMade) }

    /// Whether renderings of a template go through stamps.
    func isStamped(_ name: String) -> Bool { stampers[name]?.stampable ?? false }

    /// A page: `page`'s fields rendered with the template `name`.
    func render(_ name: String, _ page: TemplateRecord) throws -> String {
        guard let stamper = stampers[name] else { throw HTMLReportError.templateMissing(name: name) }
        return try stamper.render([page])
    }

    /// Table rows: the row partial `name` once per row, one after the other, with the page's
    /// fields in scope as well (as inside a Mustache section over the rows).
    func renderRows(_ name: String, _ rows: [TemplateRecord], page: TemplateRecord) throws -> String {
        guard let stamper = stampers[name] else { throw HTMLReportError.templateMissing(name: name) }
        return try stamper.render(rows, outer: page)
    }

    private static func parse(_ text: String, path: String) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw HTMLReportError.templateSyntax(path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                                                 message: "\(error.error)")
        }
    }
}

/// The parsed templates of `HTMLTemplates.load`'s workers, one slot each.
private final class ParsedTemplates: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<MustacheTemplate, Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<MustacheTemplate, Error>) {
        lock.withLock { slots[index] = result }
    }

    func all() -> [Result<MustacheTemplate, Error>] {
        lock.withLock { slots.map { $0 ?? .failure(HTMLReportError.templateMissing(name: "?")) } }
    }
}
