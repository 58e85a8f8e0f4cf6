import Foundation
import Testing
@testable import RapportTUI

@Suite struct ThemeLocatorTests {
    func temporaryDirectory() throws -> String {
        try TestFolder.make("themes")
    }

    @Test func argumentBeatsEnvironmentBeatsConfiguration() throws {
        let locator = ThemeLocator(directories: [])
        #expect(try locator.theme(argument: "light", environment: "mono", configured: "high-contrast").name == "light")
        #expect(try locator.theme(argument: nil, environment: "mono", configured: "high-contrast").name == "mono")
        #expect(try locator.theme(argument: "", environment: nil, configured: "high-contrast").name == "high-contrast")
        #expect(try locator.theme(argument: nil, environment: nil, configured: nil).name == "default")
    }

    @Test func directoryThemesOverrideBuiltinsAndPathsWork() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "title = red\n".write(toFile: directory + "/default.theme", atomically: true, encoding: .utf8)
        try "title = blue\n".write(toFile: directory + "/ocean.theme", atomically: true, encoding: .utf8)
        let locator = ThemeLocator(directories: [directory])
        #expect(try locator.load("default").style(for: .title).foreground == .indexed(1))
        #expect(try locator.load(directory + "/ocean.theme").style(for: .title).foreground == .indexed(4))
        #expect(locator.availableNames() == ["default", "light", "high-contrast", "mono", "ocean"])
    }

    @Test func unknownThemeListsTheAvailableOnes() {
        #expect(throws: ThemeError(file: "neon", line: 0,
                                   message: "no such theme; available: default, light, high-contrast, mono")) {
            try ThemeLocator(directories: []).load("neon")
        }
    }

    @Test func errorsInAFileNameThePath() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "normal = default\nselction = reverse\n".write(toFile: directory + "/typo.theme", atomically: true, encoding: .utf8)
        #expect(throws: ThemeError(file: directory + "/typo.theme", line: 2,
                                   message: "unknown role \"selction\" (did you mean \"selection\"?)")) {
            try ThemeLocator(directories: [directory]).load("typo")
        }
    }
}
