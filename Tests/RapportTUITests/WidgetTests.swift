import Testing
@testable import RapportTUI

@Suite struct TableTests {
    let columns = [
        Table.Column("Name", width: .flexible(minimum: 6)),
        Table.Column("Tier", width: .fixed(6)),
        Table.Column("Health", width: .fixed(6), alignment: .trailing),
    ]

    func rows() -> [Table.Row] {
        [
            Table.Row(["Zoë Müller", "large", "82"]),
            Table.Row(["山田太郎", "small", "45"]),
            Table.Row(["Zoe\u{0308} Decomposed", "medium", "7"]),
            Table.Row(["Eve \u{1B}[31m", "small", Table.Item("12", style: Style(.healthPoor))]),
        ]
    }

    @Test func alignsByDisplayWidthWithHeader() {
        var canvas = Canvas(width: 30, height: 5)
        Table(columns: columns, rows: rows(), selection: 1).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == """
        Name             Tier   Health
        Zoë Müller       large      82
        山田太郎         small      45
        Zoë Decomposed   medium      7
        Eve ␛[31m        small      12
        """)
        #expect(canvas.row(2).allSatisfy { $0.style == .selection })
        #expect(canvas.row(2).allSatisfy { $0.style.attributes.contains(.reverse) })
        #expect(canvas[28, 4].style == Style(.healthPoor))
        #expect(canvas[0, 0].style.attributes.contains(.underline))
    }

    @Test func aLeadingTextCursorMarksTheNameAndOneCellAfterIt() {
        var canvas = Canvas(width: 30, height: 5)
        Table(columns: columns, rows: rows(), selection: 1, cursor: .leadingText).render(in: canvas.bounds, on: &canvas)
        // "山田太郎" is eight cells wide: cells 0…8 are marked, the rest of the row is not.
        #expect((0...8).allSatisfy { canvas[$0, 2].style == .selection })
        #expect((9..<30).allSatisfy { canvas[$0, 2].style != .selection })
        #expect(canvas.row(1).allSatisfy { $0.style != .selection })
        // Columns before the first flexible one are marked with it.
        let led = [Table.Column("Sev", width: .fixed(3)), Table.Column("Client", width: .flexible(minimum: 6)), Table.Column("Id", width: .fixed(4))]
        var other = Canvas(width: 20, height: 2)
        Table(columns: led, rows: [Table.Row(["S1", "Zoë", "C-1"])], selection: 0, cursor: .leadingText).render(in: other.bounds, on: &other)
        #expect(other.lines[1].hasPrefix("S1  Zoë"))
        #expect((0...7).allSatisfy { other[$0, 1].style == .selection })
        #expect((8..<20).allSatisfy { other[$0, 1].style != .selection })
    }

    @Test func scrollsToKeepTheSelectionVisible() {
        var canvas = Canvas(width: 30, height: 3)
        let table = Table(columns: columns, rows: rows(), selection: 3, offset: 0)
        #expect(table.visibleOffset(rows: 2) == 2)
        table.render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == """
        Name             Tier   Health
        Zoë Decomposed   medium      ▲
        Eve ␛[31m        small      12
        """)
        #expect(canvas.row(2).allSatisfy { $0.style == .selection })
    }

    @Test func showsMoreBelow() {
        var canvas = Canvas(width: 30, height: 3)
        Table(columns: columns, rows: rows(), selection: 0).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.lines[2].hasSuffix("▼"))
    }

    @Test(arguments: [
        (nil, 0, 5, 20, 0), (7, 0, 5, 20, 3), (2, 10, 5, 20, 2), (19, 0, 5, 20, 15),
        (nil, 18, 5, 20, 15), (0, 0, 5, 3, 0), (4, 0, 0, 20, 0),
    ] as [(Int?, Int, Int, Int, Int)])
    func offsetArithmetic(selection: Int?, current: Int, visible: Int, count: Int, expected: Int) {
        #expect(Table.offset(keeping: selection, current: current, visibleRows: visible, count: count) == expected)
    }

    @Test func flexibleColumnsShareTheRest() {
        let table = Table(columns: [Table.Column("a", width: .flexible(minimum: 4)), Table.Column("b", width: .fixed(5)),
                                    Table.Column("c", width: .flexible(minimum: 4))], rows: [])
        #expect(table.columnWidths(totalWidth: 30) == [11, 5, 12])
        #expect(table.columnWidths(totalWidth: 8) == [4, 5, 4])
    }
}

@Suite struct GaugeTests {
    @Test(arguments: [
        (0, "Health ░░░░░░░░░░░░░░░░░░   0%"),
        (50, "Health █████████░░░░░░░░░  50%"),
        (54, "Health █████████▋░░░░░░░░  54%"),
        (100, "Health ██████████████████ 100%"),
        (140, "Health ██████████████████ 100%"),
    ])
    func printsBarNumberAndLabel(value: Int, expected: String) {
        var canvas = Canvas(width: 30, height: 1)
        Gauge(value: value, label: "Health", style: Style(.healthGood)).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == expected)
    }

    @Test func narrowGaugeKeepsLabelAndNumber() {
        var canvas = Canvas(width: 14, height: 1)
        Gauge(value: 72, label: "Health", style: .normal).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == "Health     72%")
    }
}

@Suite struct SparklineTests {
    @Test func scalesFromZeroToTheLargest() {
        #expect(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7]).text(width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline(values: [50, 100], range: 0...100).text(width: 8) == "▅█")
    }

    @Test func showsTheMostRecentValuesThatFit() {
        var canvas = Canvas(width: 4, height: 1)
        Sparkline(values: [9, 9, 9, 0, 0, 0, 7], range: 0...7).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == "▁▁▁█")
    }

    @Test func flatAndEmptySeries() {
        #expect(Sparkline(values: []).text(width: 5) == "")
        #expect(Sparkline(values: [0, 0, 0]).text(width: 5) == "▁▁▁")
    }
}

@Suite struct StatusLineTests {
    @Test func messageLeftHintsRight() {
        var canvas = Canvas(width: 40, height: 1)
        StatusLine(message: "3 overdue", hints: [KeyHint(key: "?", label: "help"), KeyHint(key: "q", label: "quit")])
            .render(in: canvas.bounds, on: &canvas)
        #expect(canvas.lines == [" 3 overdue              ? help  q quit  "])
        #expect(canvas.row(0).allSatisfy { $0.style.role == .statusLine })
        #expect(canvas[24, 0].style == Style(.statusLine, .bold))
    }

    @Test func hintsGiveWayBeforeTheMessage() {
        var canvas = Canvas(width: 24, height: 1)
        StatusLine(message: "Saved C-1042", hints: [KeyHint(key: "?", label: "help"), KeyHint(key: "q", label: "quit")])
            .render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == " Saved C-1042   q quit")
    }
}

@Suite struct PaneTests {
    @Test func focusedPaneIsHeavyAndUnfocusedLight() {
        var canvas = Canvas(width: 24, height: 3)
        Pane(title: "Accounts", isFocused: true).render(in: Rect(x: 0, y: 0, width: 12, height: 3), on: &canvas)
        Pane(title: "Payments").render(in: Rect(x: 12, y: 0, width: 12, height: 3), on: &canvas)
        #expect(canvas.text() == """
        ┏ Accounts ┓┌ Payments ┐
        ┃          ┃│          │
        ┗━━━━━━━━━━┛└──────────┘
        """)
        #expect(canvas[0, 0].style.role == .borderFocused)
        #expect(canvas[12, 0].style.role == .border)
        #expect(Pane(title: "x").contentRect(in: Rect(x: 0, y: 0, width: 12, height: 3)) == Rect(x: 1, y: 1, width: 10, height: 1))
    }
}

@Suite struct HelpOverlayTests {
    @Test func groupsRowsByContextInABox() {
        var canvas = Canvas(width: 40, height: 10)
        let rows = [
            HelpRow(keys: "q", description: "Quit", context: "global"),
            HelpRow(keys: "j/↓", description: "Next row", context: "global"),
            HelpRow(keys: "Enter", description: "Open complaint", context: "complaints"),
        ]
        HelpOverlay(rows: rows).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == """

            ┏ Keys ━━━━━━━━━━━━━━━━━━━━━━━━┓
            ┃ Global                       ┃
            ┃  q      Quit                 ┃
            ┃  j/↓    Next row             ┃
            ┃                              ┃
            ┃ Complaints                   ┃
            ┃  Enter  Open complaint       ┃
            ┗━━━━━━━━━━━━━━━━━━ Esc close ━┛

        """)
    }

    @Test func scrollsWhenTaller() {
        var canvas = Canvas(width: 40, height: 5)
        let rows = (1...9).map { HelpRow(keys: "\($0)", description: "Pane \($0)", context: "global") }
        HelpOverlay(rows: rows, offset: 3).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.lines[1].contains("Pane 3"))
        #expect(canvas.lines[1].contains("▲"))
        #expect(canvas.lines[3].contains("▼"))
    }
}

@Suite struct FormTests {
    func form(focus: Int = 0) -> Form {
        Form(title: "New complaint", fields: [
            Form.Field(label: "Account", input: TextInput("ACME")),
            Form.Field(label: "Severity", input: TextInput("7"), message: "severity is 1 to 4"),
            Form.Field(label: "Summary", placeholder: "the client's own words"),
        ], focus: focus)
    }

    @Test func showsFieldsMessagesAndHint() {
        var canvas = Canvas(width: 48, height: 10)
        form(focus: 1).render(in: canvas.bounds, on: &canvas)
        #expect(canvas.text() == """
        ┏ New complaint ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
        ┃                                              ┃
        ┃  Account  ACME                               ┃
        ┃                                              ┃
        ┃▸Severity  7                                  ┃
        ┃           ! severity is 1 to 4               ┃
        ┃  Summary  the client's own words             ┃
        ┃                                              ┃
        ┃ Enter submit · Esc cancel · Tab next field   ┃
        ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
        """)
        #expect(canvas[12, 4].style == Style(.inputFocused, .underline))
        #expect(canvas[12, 2].style == Style(.input))
        #expect(canvas[14, 5].style == .error)
        #expect(form(focus: 1).cursorPosition(in: canvas.bounds) == Point(x: 13, y: 4))
    }

    @Test func longValuesScrollToKeepTheCursorInView() {
        var input = TextInput("")
        for character in "Order 5521 arrived three days late" { input.handle(.char(character)) }
        let window = Form.window(of: input, width: 12)
        #expect(window.text.hasPrefix("…"))
        #expect(window.text.hasSuffix("days late"))
        #expect(window.cursorColumn == 11)
        #expect(Form.window(of: TextInput("山田"), width: 12) == ("山田", 4))
    }
}
