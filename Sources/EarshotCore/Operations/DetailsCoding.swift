/// How an organization's `OrgDetails` are written into cache entries and partial results,
/// after its result (format version 4). Every field is written by hand, as in `ResultCoding`.
extension ResultCoding {
    static func write(_ d: OrgDetails, to w: inout ByteWriter) {
        w.string(d.timeZone)
        w.array(d.hours) { w, c in
            w.int(c.weekday); w.int(c.hour); w.int(c.posts)
            w.optional(c.medianInteractions) { $0.double($1) }
        }
        w.array(d.terms) { w, t in
            w.string(t.kind.rawValue); w.string(t.term); w.int(t.posts)
            w.optional(t.medianInteractions) { $0.double($1) }
        }
        for count in [d.withLink, d.withoutLink] {
            w.int(count.posts)
            w.optional(count.medianInteractions) { $0.double($1) }
        }
        w.array(d.postLinks.keys.sorted()) { w, id in w.string(id); w.string(d.postLinks[id]!) }
    }

    static func readOrgDetails(_ r: inout ByteReader) throws -> OrgDetails {
        var d = OrgDetails(timeZone: try r.string())
        d.hours = try r.array { r in
            let weekday = try r.int(), hour = try r.int(), posts = try r.int()
            guard (1...7).contains(weekday), (0...23).contains(hour) else { throw ByteFormatError("bad hour cell \(weekday) \(hour)") }
            return OrgDetails.HourCell(weekday: weekday, hour: hour, posts: posts, medianInteractions: try r.optional { try $0.double() })
        }
        d.terms = try r.array { r in
            guard let kind = OrgDetails.Kind(rawValue: try r.string()) else { throw ByteFormatError("bad term kind") }
            let term = try r.string(), posts = try r.int()
            return OrgDetails.Term(kind: kind, term: term, posts: posts, medianInteractions: try r.optional { try $0.double() })
        }
        d.withLink = OrgDetails.TermCount(posts: try r.int(), medianInteractions: try r.optional { try $0.double() })
        d.withoutLink = OrgDetails.TermCount(posts: try r.int(), medianInteractions: try r.optional { try $0.double() })
        for (id, url) in try r.array({ r in (try r.string(), try r.string()) }) { d.postLinks[id] = url }
        return d
    }
}
