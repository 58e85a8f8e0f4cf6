import Foundation
import Testing
@testable import RapportTUI

/// The `Themes/` files and the copies compiled into the binary must never drift.
@Suite struct ThemeFilesTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes").path

    @Test(arguments: BuiltinThemes.names)
    func fileEqualsEmbeddedConstant(name: String) throws {
        let file = try String(contentsOfFile: Self.themesDirectory + "/\(name).theme", encoding: .utf8)
        #expect(BuiltinThemes.source(named: name) == file, "copy Themes/\(name).theme into BuiltinThemes.swift")
    }

    @Test func everyFileIsABuiltinTheme() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDirectory)
            .filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(6)) }
        #expect(Set(files) == Set(BuiltinThemes.names))
    }

    @Test(arguments: BuiltinThemes.names)
    func builtinThemeParsesAndSetsEveryRole(name: String) throws {
        let theme = try ThemeParser.parse(BuiltinThemes.source(named: name) ?? "", file: "\(name).theme")
        let missing = StyleRole.all.filter { theme.styles[$0] == nil }.map(\.name)
        #expect(missing.isEmpty)
    }

    @Test func fallbackThemeIsTheDefault() {
        #expect(Theme.fallback.name == "default")
        #expect(Theme.fallback.styles.count == StyleRole.all.count)
    }
}
