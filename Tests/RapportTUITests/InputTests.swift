import Testing
@testable import RapportTUI

@Suite struct KeyTests {
    @Test(arguments: [
        (0x0D, Key.enter), (0x0A, .enter), (0x09, .tab), (0x1B, .escape), (0x7F, .backspace), (0x08, .backspace),
        (0x03, .ctrl("c")), (0x1A, .ctrl("z")), (0x00, .ctrl("@")), (0x1F, .ctrl("_")),
        (0x71, .char("q")), (0xEB, .char("ë")), (0x5C71, .char("山")), (0x1F44D, .char("👍")),
    ] as [(UInt32, Key)])
    func decodesCharacters(value: UInt32, expected: Key) {
        #expect(Key(scalarValue: value) == expected)
    }

    @Test func rejectsC1AndInvalidScalars() {
        #expect(Key(scalarValue: 0x9B) == nil)
        #expect(Key(scalarValue: 0xD800) == nil)
    }

    @Test func displayNames() {
        #expect([Key.char(" "), .up, .ctrl("c"), .function(5), .backTab, .pageDown].map(\.displayName)
                == ["Space", "↑", "Ctrl-C", "F5", "Shift-Tab", "PgDn"])
    }
}

@Suite struct KeymapTests {
    enum Action: Equatable { case quit, down, up, open, submit, cancel, help }

    let keymap = Keymap<Action>([
        KeyBinding([.char("q")], .quit, help: "Quit"),
        KeyBinding([.char("j"), .down], .down, help: "Next row"),
        KeyBinding([.char("k"), .up], .up, help: "Previous row"),
        KeyBinding(.char("?"), .help, help: "Show keys"),
        KeyBinding(.enter, .open, help: "Open complaint", context: "complaints"),
        KeyBinding(.enter, .submit, help: "Submit", context: "form"),
        KeyBinding(.escape, .cancel, help: "Cancel", context: "form"),
        KeyBinding(.char("q"), .cancel, help: "Close", context: "help", isListed: false),
    ])

    @Test func dispatchPrefersTheSpecificContext() {
        #expect(keymap.action(for: .down, in: "complaints") == .down)
        #expect(keymap.action(for: .enter, in: "complaints") == .open)
        #expect(keymap.action(for: .enter, in: "form") == .submit)
        #expect(keymap.action(for: .char("q"), in: "help") == .cancel)
        #expect(keymap.action(for: .char("q"), in: .global) == .quit)
        #expect(keymap.action(for: .char("x"), in: "complaints") == nil)
    }

    @Test func aFormDoesNotFallThroughToGlobalKeys() {
        #expect(keymap.action(for: .char("q"), in: ["form"]) == nil)
        #expect(keymap.action(for: .escape, in: ["form"]) == .cancel)
    }

    @Test func helpRowsComeFromTheSameTable() {
        #expect(keymap.helpRows(for: [.global, "complaints"]) == [
            HelpRow(keys: "q", description: "Quit", context: "global"),
            HelpRow(keys: "j/↓", description: "Next row", context: "global"),
            HelpRow(keys: "k/↑", description: "Previous row", context: "global"),
            HelpRow(keys: "?", description: "Show keys", context: "global"),
            HelpRow(keys: "Enter", description: "Open complaint", context: "complaints"),
        ])
        #expect(keymap.helpRows().count == 7)
    }

    @Test func duplicatesAreFound() {
        #expect(keymap.duplicateKeys().isEmpty)
        let clash = Keymap<Action>([KeyBinding(.char("q"), .quit, help: "Quit"), KeyBinding(.char("q"), .help, help: "Help")])
        #expect(clash.duplicateKeys().map(\.key) == [.char("q")])
    }
}

@Suite struct TextInputTests {
    func typed(_ text: String) -> TextInput {
        var input = TextInput()
        for character in text { input.handle(.char(character)) }
        return input
    }

    @Test func editsByGrapheme() {
        var input = typed("Zoe\u{0308} 山田")
        #expect(input.text == "Zoë 山田")
        #expect(input.cursor == 6)
        input.handle(.backspace)
        input.handle(.left)
        input.handle(.left)
        input.handle(.backspace)
        #expect(input.text == "Zo 山")
        input.handle(.char("ë"))
        #expect(input.text == "Zoë 山")
        input.handle(.home)
        input.handle(.delete)
        #expect(input.text == "oë 山")
    }

    @Test func lineEditingKeys() {
        var input = typed("call back Friday")
        input.handle(.ctrl("w"))
        #expect(input.text == "call back ")
        input.handle(.ctrl("a"))
        input.handle(.right)
        input.handle(.ctrl("k"))
        #expect(input.text == "c")
        input.handle(.end)
        input.handle(.ctrl("u"))
        #expect(input.text.isEmpty)
    }

    @Test func nonEditingKeysAreLeftToTheCaller() {
        var input = typed("x")
        for key in [Key.enter, .tab, .escape, .char("\u{1B}")] {
            let handled = input.handle(key)
            #expect(!handled, "\(key)")
        }
        #expect(input.text == "x")
    }
}
