import Foundation
import RapportJournal
import RapportModel
import Testing

/// docs/JOURNAL.md is the format's specification. These tests hold it and the code to
/// each other: every verb and field in `VerbSpec` is in the doc with the same type and
/// required flag (and nothing else is), and every line of the doc's example parses and
/// folds into a book without a rejection.
@Suite("docs/JOURNAL.md agrees with the code")
struct SpecDocumentTests {
    static let docPath: String = {
        // Tests/RapportJournalTests/SpecDocumentTests.swift → the package root.
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/JOURNAL.md").path
    }()

    static func document() throws -> String {
        try String(contentsOfFile: docPath, encoding: .utf8)
    }

    static let beginVerbs = "<!-- verbs: generated from VerbSpec; SpecDocumentTests checks it -->"
    static let endVerbs = "<!-- end of verbs -->"

    /// The verb reference exactly as the doc should hold it.
    static func renderVerbs() -> String {
        var out = ""
        var noun = ""
        for spec in VerbSpec.all {
            let thisNoun = String(spec.verb.noun)
            if thisNoun != noun {
                noun = thisNoun
                out += "\n### \(noun)\n"
            }
            out += "\n#### `\(spec.verb.rawValue)`\n\n"
            out += "\(spec.summary)\n\n"
            out += "Subject: \(spec.subject)"
            if let prefix = spec.idPrefix { out += " (generated as `\(prefix)1`, `\(prefix)2`, … when left out)" }
            out += ".\n\n"
            if spec.fields.isEmpty {
                out += "No fields.\n"
                continue
            }
            out += "| field | type | required | meaning |\n"
            out += "| --- | --- | --- | --- |\n"
            for field in spec.fields {
                out += "| `\(field.key)` | \(cell(field.kind.syntax)) | \(field.required ? "yes" : "no") | \(cell(field.help)) |\n"
            }
        }
        return out
    }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// A row of a Markdown table: cells split on unescaped `|`.
    static func cells(_ row: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in row.dropFirst() {
            if escaped { current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "|" { cells.append(current.trimmingCharacters(in: .whitespaces)); current = ""; continue }
            current.append(c)
        }
        return cells
    }

    struct DocField: Equatable { var type: String; var required: Bool; var meaning: String }

    /// verb → field key → (type, required, meaning), as the doc's tables say.
    static func parseVerbTables(_ doc: String) -> [String: [(key: String, field: DocField)]] {
        var verbs: [String: [(key: String, field: DocField)]] = [:]
        var current: String?
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#### `"), line.hasSuffix("`") {
                let name = String(line.dropFirst(6).dropLast())
                current = name
                verbs[name] = verbs[name] ?? []
                continue
            }
            if line.hasPrefix("#") { current = nil; continue }
            guard let verb = current, line.hasPrefix("| `") else { continue }
            let row = cells(line)
            guard row.count == 4 else { continue }
            let key = row[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            verbs[verb, default: []].append((key, DocField(type: row[1], required: row[2] == "yes", meaning: row[3])))
        }
        return verbs
    }

    @Test("every verb and field of VerbSpec is in the doc with the same type and required flag, and vice versa")
    func verbTablesMatchVerbSpec() throws {
        let doc = try Self.document()
        let tables = Self.parseVerbTables(doc)
        for spec in VerbSpec.all {
            let verb = spec.verb.rawValue
            guard let documented = tables[verb] else {
                Issue.record("docs/JOURNAL.md has no section for \(verb)")
                continue
            }
            for field in spec.fields {
                guard let entry = documented.first(where: { $0.key == field.key }) else {
                    Issue.record("docs/JOURNAL.md: \(verb) does not list field \(field.key)")
                    continue
                }
                #expect(entry.field.required == field.required, "\(verb) \(field.key): required is \(field.required) in VerbSpec")
                #expect(entry.field.type == field.kind.syntax, "\(verb) \(field.key): type")
                #expect(entry.field.meaning == field.help, "\(verb) \(field.key): meaning")
            }
            for entry in documented where spec.field(entry.key) == nil {
                Issue.record("docs/JOURNAL.md: \(verb) lists field \(entry.key), which VerbSpec does not have")
            }
            #expect(Set(documented.map(\.key)).count == documented.count, "\(verb): a field is listed twice")
        }
        for verb in tables.keys where Verb(journal: verb) == nil {
            Issue.record("docs/JOURNAL.md documents \(verb), which is not a verb")
        }
    }

    @Test("the verb reference is exactly what VerbSpec renders")
    func verbReferenceIsGenerated() throws {
        let doc = try Self.document()
        let begin = try #require(doc.range(of: Self.beginVerbs), "docs/JOURNAL.md lacks the line \(Self.beginVerbs)")
        let end = try #require(doc.range(of: Self.endVerbs), "docs/JOURNAL.md lacks the line \(Self.endVerbs)")
        let section = String(doc[begin.upperBound..<end.lowerBound])
        let expected = "\n" + Self.renderVerbs() + "\n"
        if section != expected {
            Issue.record("docs/JOURNAL.md's verb reference differs from VerbSpec; replace the section with:\n\(Self.beginVerbs)\(expected)\(Self.endVerbs)")
        }
    }

    /// The fenced block that follows the "Worked example" heading.
    static func exampleLines(_ doc: String) throws -> [String] {
        let heading = try #require(doc.range(of: "## Worked example"))
        let rest = doc[heading.upperBound...]
        let open = try #require(rest.range(of: "```text\n"))
        let close = try #require(rest[open.upperBound...].range(of: "\n```"))
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("every line of the worked example parses, prints back identically, and folds without a rejection")
    func workedExampleLoads() throws {
        let lines = try Self.exampleLines(try Self.document())
        #expect(lines.first == LineFormat.header)
        var book = Book()
        var events = 0
        for (i, line) in lines.enumerated() {
            let parsed: LineFormat.Line
            do {
                parsed = try LineFormat.parse(line)
            } catch {
                Issue.record("example line \(i + 1) does not parse: \(error)\n\(line)")
                continue
            }
            guard case .event(let event) = parsed else { continue }
            events += 1
            #expect(LineFormat.print(event) == line, "example line \(i + 1) is not in the printer's canonical form")
            do {
                try book.apply(event)
            } catch {
                Issue.record("example line \(i + 1) is rejected: \(error)\n\(line)")
            }
        }
        #expect(events >= 20)
        // The example exercises every noun the journal knows.
        let nouns = Set(Verb.allCases.map { String($0.noun) })
        let used = Set(lines.compactMap { line -> String? in
            guard case .event(let e)? = try? LineFormat.parse(line) else { return nil }
            return String(e.verb.noun)
        })
        #expect(used == nouns, "nouns missing from the example: \(nouns.subtracting(used).sorted())")
    }

    @Test("every journal line quoted in the doc outside the verb reference parses")
    func quotedLinesParse() throws {
        let doc = try Self.document()
        var inBlock = false
        var checked = 0
        for (number, line) in doc.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock, line.count > 20, line.first?.isNumber == true, line.dropFirst(4).hasPrefix("-") else { continue }
            if line.contains("← malformed") || line.contains("← rejected") { continue }
            checked += 1
            do {
                guard case .event = try LineFormat.parse(String(line)) else {
                    Issue.record("docs/JOURNAL.md:\(number + 1) is not an event"); continue
                }
            } catch {
                Issue.record("docs/JOURNAL.md:\(number + 1): \(error)")
            }
        }
        #expect(checked > 0)
    }
}
