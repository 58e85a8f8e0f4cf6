import Testing
@testable import RapportTUI

@Suite struct ThemeParserTests {
    @Test func parsesColoursBackgroundsAndAttributes() throws {
        let theme = try ThemeParser.parse("""
        # a comment
        selection = black on 110, bold   # trailing comment
        status-line = on 236
        title = bold, underline
        border = bright-blue
        severity-1 = 231 on red, bold, reverse

        """, file: "test.theme")
        #expect(theme.name == "test")
        #expect(theme.style(for: .selection) == ThemeStyle(foreground: .indexed(0), background: .indexed(110), attributes: .bold))
        #expect(theme.style(for: .statusLine) == ThemeStyle(background: .indexed(236)))
        #expect(theme.style(for: .title) == ThemeStyle(attributes: [.bold, .underline]))
        #expect(theme.style(for: .border) == ThemeStyle(foreground: .indexed(12)))
        #expect(theme.style(for: .severity(1)).attributes == [.bold, .reverse])
        #expect(theme.style(for: .flag) == ThemeStyle(attributes: .bold), "an unset role keeps its baseline")
    }

    @Test(arguments: [
        ("normal = default\nselction = reverse\n", "default.theme:2: unknown role \"selction\" (did you mean \"selection\"?)"),
        ("title = rd\n", "default.theme:1: unknown colour \"rd\" for role \"title\" (did you mean \"red\"?)"),
        ("title = 256\n", "default.theme:1: unknown colour \"256\" for role \"title\" (use a name, bright-NAME, default or 0-255)"),
        ("\n\ntitle = red, blod\n", "default.theme:3: unknown attribute \"blod\" for role \"title\" (did you mean \"bold\"?)"),
        ("title red\n", "default.theme:1: expected \"role = colour on colour, attributes\", found \"title red\""),
        ("title =\n", "default.theme:1: role \"title\" has no style after \"=\""),
        ("title = red\ntitle = blue\n", "default.theme:2: role \"title\" is already set on line 1"),
        ("title = red blue\n", "default.theme:1: expected \"colour\", \"colour on colour\" or \"on colour\" for role \"title\", found \"red blue\""),
        ("title = red,, bold\n", "default.theme:1: empty item in the style of role \"title\""),
    ])
    func errorsNameFileLineAndRole(_ text: String, _ expected: String) {
        #expect(throws: ThemeError.self) { try ThemeParser.parse(text, file: "default.theme") }
        do {
            _ = try ThemeParser.parse(text, file: "default.theme")
        } catch {
            #expect(error.description == expected)
        }
    }
}
