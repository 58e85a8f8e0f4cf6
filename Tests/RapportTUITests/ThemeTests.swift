import Testing
@testable import RapportTUI

@Suite struct ThemeTests {
    let theme = Theme(name: "t", styles: [
        .selection: ThemeStyle(foreground: .indexed(75), attributes: .bold),
        .statusLine: ThemeStyle(foreground: .indexed(252), background: .indexed(237)),
        .healthPoor: ThemeStyle(foreground: .indexed(196)),
        .border: ThemeStyle(foreground: .indexed(9)),
    ])

    @Test func fullColourKeepsPaletteIndices() {
        let resolved = theme.resolve(.selection, depth: .full)
        #expect(resolved == ResolvedStyle(foreground: 75, background: nil, attributes: [.bold, .reverse]))
    }

    @Test(arguments: [
        (196, 1), (160, 1), (46, 2), (28, 2), (21, 4), (33, 4), (27, 4), (51, 6), (44, 6),
        (226, 3), (214, 3), (201, 5), (129, 5), (16, 0), (232, 0), (250, 7), (231, 7), (244, 7),
        (9, 1), (12, 4), (15, 7), (3, 3),
    ])
    func eightColourFallbackIsTheNearestHue(index: Int, expected: Int) {
        #expect(ThemeColor.indexed(index).index(for: .eight) == expected)
    }

    @Test func sixteenColourFallbackKeepsTheBasicSixteen() {
        #expect(ThemeColor.indexed(9).index(for: .sixteen) == 9)
        #expect(ThemeColor.indexed(196).index(for: .sixteen) == 9)
        #expect(ThemeColor.indexed(16).index(for: .sixteen) == 0)
        #expect(ThemeColor.default.index(for: .sixteen) == nil)
    }

    @Test func eightColourResolution() {
        #expect(theme.resolve(Style(.healthPoor), depth: .eight) == ResolvedStyle(foreground: 1))
        #expect(theme.resolve(.statusLine, depth: .eight) == ResolvedStyle(foreground: 7, background: 0))
        #expect(theme.resolve(Style(.border), depth: .eight) == ResolvedStyle(foreground: 1))
    }

    @Test func monochromeIsAttributesOnlyWithSelectionReversed() {
        let selection = theme.resolve(Style(.selection), depth: .none)
        #expect(selection == ResolvedStyle(attributes: [.bold, .reverse]))
        #expect(theme.resolve(.statusLine, depth: .none) == ResolvedStyle(attributes: .reverse))
        #expect(theme.resolve(Style(.healthPoor), depth: .none) == ResolvedStyle())
        #expect(theme.resolve(Style(.healthPoor, .underline), depth: .none) == ResolvedStyle(attributes: .underline))
    }

    @Test(arguments: [
        (256, nil, ColorDepth.full), (256, "", .full), (256, "1", .none), (88, nil, .sixteen),
        (16, nil, .sixteen), (8, nil, .eight), (0, nil, .none), (256, "0", .none),
    ] as [(Int, String?, ColorDepth)])
    func colourDepthHonoursNoColor(colors: Int, noColor: String?, expected: ColorDepth) {
        #expect(ColorDepth(colors: colors, noColor: noColor) == expected)
    }

    @Test func monoThemeHasNoColourAtAnyDepth() throws {
        let mono = try ThemeLocator(directories: []).load("mono")
        for role in StyleRole.all {
            let resolved = mono.resolve(Style(role), depth: .full)
            #expect(resolved.foreground == nil && resolved.background == nil, "\(role.name)")
        }
        #expect(mono.resolve(.selection, depth: .full).attributes.contains(.reverse))
    }
}
