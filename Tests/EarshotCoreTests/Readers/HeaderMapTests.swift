import Foundation
import XCTest
@testable import EarshotCore
import EarshotTestSupport

/// T9: header maps (the YAML file, its errors, times and numbers) and the CSV read through them.
final class HeaderMapTests: XCTestCase {
    static let metaLike = """
    name: Test posts
    columns:
      id: Post ID
      created: Publish time
      text: [Description, Title]
      link: Permalink
      likes: Reactions
      replies: Comments
      reposts: Shares
      impressions: { column: [Impressions, Views], optional: true }
      engagements: { column: "Reactions, comments and shares", optional: true }
    time:
      format: ["MM/dd/yyyy HH:mm", "MM/dd/yyyy HH:mm:ss"]
      zone: America/New_York
    """

    func map(_ yaml: String = metaLike, path: String = "maps/test.yaml") throws -> HeaderMap {
        try HeaderMap.parse(yaml, path: path)
    }

    func read(_ csv: String, map: HeaderMap, file: ExportFile = ExportFile(path: "in.csv", displayPath: "acme/in.csv", orgFromPath: "acme")) -> Tier2Outcome {
        tier2Read(MappedCSVReader(maps: [map]), csv, file: file)
    }

    // MARK: The map file

    func testAMapParses() throws {
        let map = try self.map()
        XCTAssertEqual(map.name, "Test posts")
        XCTAssertEqual(map.sources[.text]?.columns, ["Description", "Title"])
        XCTAssertEqual(map.sources[.impressions]?.optional, true)
        XCTAssertEqual(map.sources[.likes], HeaderMap.Source(columns: ["Reactions"], optional: false, percentOf: nil))
        XCTAssertEqual(map.time.patternTexts.count, 2)
        XCTAssertEqual(map.time.zone?.identifier, "America/New_York")
    }

    func testTheShippedMapsParse() throws {
        let maps = Repository.root.appendingPathComponent("maps")
        for name in ["meta-business-suite.yaml", "sprout-social.yaml"] {
            let map = try HeaderMap.load(path: maps.appendingPathComponent(name).path)
            XCTAssertNotNil(map.sources[.id], name)
            XCTAssertNotNil(map.time.zone, name)
        }
    }

    func testMapErrorsNameTheFileAndTheLine() {
        func problem(_ yaml: String) -> String {
            do { _ = try HeaderMap.parse(yaml, path: "maps/bad.yaml"); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(problem("columns:\n  id: Post ID\n  lkes: Likes\n"),
                       "maps/bad.yaml:3: header map: unknown field `lkes` under `columns` (fields: id, created, text, link, account, likes, reposts, replies, quotes, impressions, engagements, urls, hashtags, mentions)")
        XCTAssertEqual(problem("columns:\n  created: Date\ntime:\n  format: yyyy-MM-dd\n  zone: UTC\n"),
                       "maps/bad.yaml: header map: `columns` must name the `id` column")
        XCTAssertTrue(problem("colums:\n  id: x\n").hasPrefix("maps/bad.yaml:1: header map: unknown key `colums`"))
        XCTAssertTrue(problem("columns: [a, b]\n").contains("`columns` must be a list of `key: value` lines"))
        XCTAssertTrue(problem("columns:\n  id: x\n  created: y\ntime:\n  format: MM/dd/yyyy\n").contains("`time.zone` is required"))
        XCTAssertTrue(problem("columns:\n  id: x\n  created: y\ntime:\n  format: MM/dd/yyyy\n  zone: Mars/Olympus\n").contains("unknown time zone `Mars/Olympus`"))
        XCTAssertTrue(problem("columns:\n  id: x\n  created: y\ntime:\n  format: MM/qq/yyyy\n  zone: UTC\n").contains("`qq`"))
        XCTAssertTrue(problem("columns:\n  id: x\n  created: y\ntime:\n  zone: UTC\n").contains("needs a `time.format`"))
        XCTAssertTrue(problem("columns:\n  id: [x\n").hasPrefix("maps/bad.yaml:"), problem("columns:\n  id: [x\n"))
        XCTAssertTrue(problem("columns:\n  id: x\n  created: y\n  engagements: { column: r, percent_of: impressions }\n")
            .contains("which `columns` does not name"))
        XCTAssertTrue(problem("columns:\n  id: x\n  created: y\nnumbers:\n  thousands: \".\"\n").contains("both `.`"))
    }

    func testLoadNamesAMissingFile() {
        XCTAssertThrowsError(try HeaderMap.load(path: "/nonexistent/map.yaml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/map.yaml: header map: cannot read"), "\(error)")
        }
    }

    // MARK: Times

    func testLocalTimesConvertToUTCAcrossDaylightSaving() throws {
        let ny = try LocalTimeFormat(patterns: ["MM/dd/yyyy HH:mm"], zone: "America/New_York")
        XCTAssertEqual(ny.parse("01/15/2024 09:03"), 1_705_327_380, "EST, UTC-5: 14:03Z")
        XCTAssertEqual(ny.parse("07/15/2024 09:03"), 1_721_048_580, "EDT, UTC-4: 13:03Z")
        // Spring forward 2024-03-10: 02:30 does not exist; it is read as 03:30 EDT = 07:30Z.
        XCTAssertEqual(ny.parse("03/10/2024 02:30"), 1_710_055_800)
        XCTAssertEqual(ny.parse("03/10/2024 03:30"), 1_710_055_800)
        // Fall back 2024-11-03: 01:30 happens twice; the first (EDT) is taken: 05:30Z.
        XCTAssertEqual(ny.parse("11/03/2024 01:30"), 1_730_611_800)
        XCTAssertEqual(ny.parse("11/03/2024 02:30"), 1_730_619_000, "after the change: EST, 07:30Z")
        // Southern hemisphere: Sydney is UTC+11 in January.
        let sydney = try LocalTimeFormat(patterns: ["yyyy-MM-dd HH:mm"], zone: "Australia/Sydney")
        XCTAssertEqual(sydney.parse("2024-01-15 09:00"), 1_705_269_600)
    }

    func testPatterns() throws {
        let sprout = try LocalTimeFormat(patterns: ["MM/dd/yyyy h:mm a"], zone: "UTC")
        XCTAssertEqual(sprout.parse("1/5/2024 9:03 pm"), 1_704_488_580)
        XCTAssertEqual(sprout.parse("01/05/2024 12:03 AM"), 1_704_412_980, "12 am is midnight")
        XCTAssertEqual(sprout.parse("01/05/2024 9:03\u{202F}PM"), 1_704_488_580, "narrow no-break space before PM")
        XCTAssertEqual(sprout.parse("01/05/2024 9:03 p.m."), 1_704_488_580)
        XCTAssertNil(sprout.parse("01/05/2024 13:03 pm"))
        XCTAssertNil(sprout.parse("13/05/2024 9:03 pm"))
        XCTAssertNil(sprout.parse("02/30/2024 9:03 pm"))
        XCTAssertNil(sprout.parse("01/05/2024 9:03 pm extra"))
        let named = try LocalTimeFormat(patterns: ["EEE, MMM d, yyyy 'at' HH:mm:ss.SSS Z"], zone: nil)
        XCTAssertEqual(named.parse("Fri, Jan 5, 2024 at 21:03:00.250 +01:00"), 1_704_484_980)
        XCTAssertEqual(named.parse("Friday, January 5, 2024 AT 20:03:00.250 Z"), 1_704_484_980)
        let german = try LocalTimeFormat(patterns: ["dd.MM.yy HH:mm", "dd.MM.yyyy"], zone: "+02:00")
        XCTAssertEqual(german.parse("05.01.24 23:03"), 1_704_488_580)
        XCTAssertEqual(german.parse("05.01.2024"), 1_704_405_600, "the second pattern: midnight at +02:00")
        let standard = LocalTimeFormat()
        XCTAssertEqual(standard.parse("2024-01-05T21:03:00Z"), 1_704_488_580)
    }

    // MARK: Numbers

    func testNumbers() {
        let us = HeaderMap.NumberFormat()
        var de = HeaderMap.NumberFormat()
        de.thousands = "."
        de.decimal = ","
        var fr = HeaderMap.NumberFormat()
        fr.thousands = " "
        fr.decimal = ","
        XCTAssertEqual(MappedCSVReader.number("1,234", us), .value(1234, percent: false))
        XCTAssertEqual(MappedCSVReader.number("18.0", us), .value(18, percent: false))
        XCTAssertEqual(MappedCSVReader.number("12.5%", us), .value(12.5, percent: true))
        XCTAssertEqual(MappedCSVReader.number("1.234", de), .value(1234, percent: false))
        XCTAssertEqual(MappedCSVReader.number("12,5 %", de), .value(12.5, percent: true))
        XCTAssertEqual(MappedCSVReader.number("1\u{202F}234", fr), .value(1234, percent: false))
        XCTAssertEqual(MappedCSVReader.number("", us), .unknown)
        XCTAssertEqual(MappedCSVReader.number("-", us), .unknown)
        XCTAssertEqual(MappedCSVReader.number("n/a", us), .unknown)
        XCTAssertEqual(MappedCSVReader.number("many", us), .invalid)
        XCTAssertEqual(MappedCSVReader.number("1.2.3", us), .invalid)
        XCTAssertEqual(MappedCSVReader.number("-5", us), .invalid)
    }

    // MARK: Reading an export

    static let header = "Post ID,Page name,Title,Description,Publish time,Permalink,Reactions,Comments,Shares,Impressions,\"Reactions, comments and shares\""

    func testRowsBecomePosts() throws {
        let csv = Self.header + "\n"
            + "111_222,Acme,,\"Donate today, please\",01/15/2024 09:03,https://www.facebook.com/111/posts/222,10,3,2,\"1,234\",15\n"
            + "111_223,Acme,Video title,,07/15/2024 09:03,https://www.facebook.com/111/posts/223,1,0,0,50,x\n"
        let out = read(csv, map: try map())
        XCTAssertEqual(out.posts.count, 2)
        let first = out.posts[0]
        XCTAssertEqual(first.org, "acme", "no handle in the export: the folder")
        XCTAssertEqual(first.id, "111_222")
        XCTAssertEqual(first.created, 1_705_327_380)
        XCTAssertEqual(first.text, "Donate today, please")
        XCTAssertEqual([first.likes, first.replies, first.reposts, first.impressions, first.engagements], [10, 3, 2, 1234, 15])
        XCTAssertNil(first.quotes)
        XCTAssertEqual(first.sources, [.mappedCSV])
        XCTAssertTrue(first.textReplyAllowed)
        XCTAssertEqual(out.posts[1].text, "Video title", "the first text column with a value")
        XCTAssertNil(out.posts[1].engagements)
        XCTAssertEqual(out.warnings.map(\.reason), ["`Reactions, comments and shares` is not a count: \"x\"; taken as unknown"])
        XCTAssertEqual(out.lines, [2, 3])
    }

    func testAMissingColumnIsOneRejectNamingTheColumnAndTheMap() throws {
        let csv = "Post ID,Title,Description,Publish time,Permalink,Comments,Shares\n1,a,b,01/15/2024 09:03,x,1,1\n"
        let out = read(csv, map: try map())
        XCTAssertTrue(out.posts.isEmpty)
        XCTAssertEqual(out.rejects.count, 1)
        XCTAssertEqual(out.rejects[0].reason, "missing column `Reactions` named by the header map maps/test.yaml")
        XCTAssertEqual(out.rejects[0].line, 1)
        // Optional columns may be missing.
        let csv2 = "Post ID,Title,Description,Publish time,Permalink,Reactions,Comments,Shares\n1,a,b,01/15/2024 09:03,x,1,1,1\n"
        XCTAssertEqual(read(csv2, map: try map()).posts.count, 1)
    }

    func testDescriptionRowsTitlesAndThousandsSeparators() throws {
        let yaml = """
        columns:
          id: ID
          created: Datum
          text: Text
          likes: Gefällt mir
          impressions: Impressionen
          engagements: { column: Interaktionsrate, percent_of: impressions }
        time:
          format: dd.MM.yyyy HH:mm
          zone: Europe/Berlin
        rows:
          before_header: 2
          after_header: 1
        numbers:
          thousands: "."
          decimal: ","
        """
        let csv = "Bericht: Beiträge\nZeitraum: Januar\nID;Datum;Text;Gefällt mir;Impressionen;Interaktionsrate\n"
            .replacingOccurrences(of: ";", with: ",")
            + "Die ID,Das Datum,Der Text,Anzahl,Anzahl,Prozent\n"
            + "7,15.01.2024 10:03,Hallo,\"1.234\",\"2.000\",\"12,5 %\"\n"
        let out = read(csv, map: try map(yaml))
        XCTAssertTrue(out.rejects.isEmpty, "\(out.rejects)")
        XCTAssertEqual(out.posts.count, 1, "the description row is not a record")
        XCTAssertEqual(out.posts.first?.created, 1_705_309_380) // 09:03Z
        XCTAssertEqual(out.posts.first?.likes, 1234)
        XCTAssertEqual(out.posts.first?.impressions, 2000)
        XCTAssertEqual(out.posts.first?.engagements, 250, "12.5% of 2,000")
        XCTAssertEqual(out.lines, [5])
    }

    func testKindsAccountsAndBadRows() throws {
        let yaml = """
        columns:
          id: Post ID
          created: Date
          text: Post
          link: Link
          account: { column: Profile, optional: true }
          urls: { column: Links, optional: true }
          hashtags: { column: Tags, optional: true }
        kind:
          column: Post Type
          repost: [Retweet]
          reply: ["@Reply"]
          quote: [Quote Tweet]
        time:
          format: yyyy-MM-dd HH:mm:ss
          zone: UTC
        """
        let csv = """
        Post ID,Date,Post,Link,Profile,Post Type,Links,Tags
        1,2024-01-05 21:03:00,RT @friend: hi,https://twitter.com/Acme/status/1,Acme Org,Retweet,,
        2,2024-01-05 21:04:00,@friend yes,https://x.com/acme/status/2,,@reply,,
        3,2024-01-05 21:05:00,look,,@OtherOrg,Quote Tweet,"https://a.example/1, https://b.example/2","#one #two"
        4,2024-01-05 21:06:00,plain,,Some Name,Tweet,,
        1.23457E+18,2024-01-05 21:07:00,spreadsheet,,,Tweet,,
        6,yesterday,bad time,,,Tweet,,
        ,2024-01-05 21:08:00,no id,,,Tweet,,

        """
        let out = read(csv, map: try map(yaml))
        XCTAssertEqual(out.posts.map(\.id), ["1", "2", "3", "4"])
        XCTAssertEqual(out.posts.map(\.org), ["acme", "acme", "otherorg", "acme"], "link, link, account column, folder")
        XCTAssertEqual(out.posts.map(\.marker), [.repost(target: "friend"), .reply(target: nil), .quote(target: nil), nil])
        XCTAssertFalse(out.posts[0].textReplyAllowed, "the kind column names replies")
        XCTAssertEqual(out.posts[2].expandedURLs, ["https://a.example/1", "https://b.example/2"])
        XCTAssertEqual(out.posts[2].hashtags, ["one", "two"])
        XCTAssertNil(out.posts[0].expandedURLs, "empty cell in a mapped column: no URLs from the source")
        XCTAssertEqual(out.rejects.map(\.reason), ["bad id: \"1.23457E+18\"", "bad timestamp", "missing id"])
        XCTAssertEqual(out.posts.count + out.rejects.count, 7)
    }

    func testTheBestFittingMapIsChosenAndDetected() throws {
        let meta = try map()
        let other = try map("""
        columns:
          id: Tweet ID
          created: When
        time:
          format: yyyy-MM-dd
          zone: UTC
        """, path: "maps/other.yaml")
        let csv = Self.header + "\n111_222,Acme,,Hi,01/15/2024 09:03,p,1,1,1,1,1\n"
        let out = tier2Read(MappedCSVReader(maps: [other, meta]), csv, file: ExportFile(path: "x", orgFromPath: "acme"))
        XCTAssertEqual(out.posts.count, 1)
        XCTAssertEqual(FormatDetector.detect(Array(csv.utf8), headerMaps: [other, meta]), .mappedCSV)
        XCTAssertNil(FormatDetector.detect(Array(csv.utf8)), "without a map: not recognised")
        XCTAssertNil(FormatDetector.detect(Array("a,b,c\n1,2,3\n".utf8), headerMaps: [meta]), "a CSV sharing no column")
        // Built-in formats win over maps.
        XCTAssertEqual(FormatDetector.detect(Array("tweet_id,timestamp,text\n".utf8), headerMaps: [meta]), .legacyArchive)
    }

    func testWithoutAnyAccountTheFileIsRejectedWhole() throws {
        let csv = "Post ID,Title,Description,Publish time,Reactions,Comments,Shares\n1,a,b,01/15/2024 09:03,1,1,1\n"
        var yaml = Self.metaLike.replacingOccurrences(of: "  link: Permalink\n", with: "")
        yaml = yaml.replacingOccurrences(of: "impressions: { column: [Impressions, Views], optional: true }", with: "quotes: { column: Q, optional: true }")
        let out = read(csv, map: try map(yaml), file: ExportFile(path: "posts.csv"))
        XCTAssertEqual(out.rejects.map(\.reason), ["unknown organization"])
    }
}
